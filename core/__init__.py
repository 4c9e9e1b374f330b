"""What every part of the assistant shares: settings, the database, migrations, the clock.

The bottom layer: `core` imports nothing else of ours, so anything may import it.
"""
