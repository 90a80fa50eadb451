from liquidator.cli import main

main()
