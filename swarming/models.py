# Filled in by the evaluation and essaimage issues.
