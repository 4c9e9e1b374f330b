"""The anonymised demand log: what residents ask for, where and when, never who.

Events are written by the chat gateway from facts the action server attaches
to each reply (see docs/adr/0002). Nothing here stores what a resident typed,
except scrubbed "unmet demand" samples when a setting turns them on.
"""
