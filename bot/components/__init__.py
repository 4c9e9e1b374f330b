"""Custom Rasa NLU components, loaded by the engine (Python 3.10) from config.yml."""
