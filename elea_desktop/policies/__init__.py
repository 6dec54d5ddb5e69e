"""Account policies: usernames and passwords."""
