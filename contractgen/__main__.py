from contractgen.launch import main

main()
