from anp_archive.cli import main

main()
