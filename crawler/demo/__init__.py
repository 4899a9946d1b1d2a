"""The bundled demo portal: generated pages in every CMS style govfresh reads, served on 127.0.0.1."""
