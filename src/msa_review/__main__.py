from msa_review.cli import main

main()
