"""Teaching material generated from the rules themselves: explain, demo, quiz and handout.

Every example is run through the real engine at the moment it is shown, so
what trainers present cannot drift from what govlint actually does. These
modules return plain values (dicts, dataclasses, strings); the CLI prints them.
"""
