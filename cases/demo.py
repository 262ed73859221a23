"""Demo data of this app, loaded by `manage.py load_demo` after the tree."""


def load(*, region, users, rng):
    pass
