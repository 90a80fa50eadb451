from liquidator.launch import run

run()
