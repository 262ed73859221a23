from django.dispatch import Signal

# Sent inside the tree lock's transaction after a unit changed parent.
# Receivers re-copy the ancestor ids of rows below `unit` (cases, households…),
# so those columns never disagree with the tree. Arguments: unit.
subtree_moved = Signal()
