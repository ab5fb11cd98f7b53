"""The newsroom in the admin: roles, city desks, two-step review, scheduling, editing help."""
