"""Sub-parsers shared by several document kinds.

Header, sections, proposals, votes, declarations, attendance, commissions
and recommendations: each reads lines and returns rows.
"""
