@_exported import CanonicalJSON
