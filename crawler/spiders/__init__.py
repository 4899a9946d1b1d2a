"""govfresh's spiders."""
