"""Swedish language helpers.

Text, case numbers, dates, parties, bodies, municipalities.
"""
