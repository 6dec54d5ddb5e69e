"""The Comptes section: every account, searched and acted upon (passwords, protection, slips, rosters)."""
