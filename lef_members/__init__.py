__version__ = "0.1.0"

# Old dotted paths of code that moved to the feature modules stay importable for one release
# (jobs queued before a migrate, desk tabs opened before it): see moved.py.
from lef_members import moved

moved.install()
