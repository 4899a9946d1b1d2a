"""`python -m crawler` runs the govfresh command."""

from crawler.cli import main

main()
