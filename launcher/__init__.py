"""Starts the whole assistant: Rasa engine, action server and API, on one machine."""
