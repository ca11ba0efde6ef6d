from evals.bench.run import main

main()
