@_exported import CanonicalJSON
@_exported import Chronology
