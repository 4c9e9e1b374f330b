"""Made-up demand for demos and benchmarks, kept apart from the code that records real demand."""
