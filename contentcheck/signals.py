from django.dispatch import Signal

# Sent after rows of either word list were added without save() (bulk import).
list_changed = Signal()
