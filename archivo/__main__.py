from archivo.cli import main

main()
