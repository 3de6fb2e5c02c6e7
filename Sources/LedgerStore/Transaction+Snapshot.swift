import CLMDB

/// Which committed state of which environment a read transaction sees.
///
/// Two reads with equal snapshots see exactly the same data (LMDB gives every committed write
/// transaction the next id), so a cache of something derived from the tables may be keyed by it.
public struct LedgerSnapshot: Hashable, Sendable {
    let environment: ObjectIdentifier
    let commit: Int
}

extension Transaction {
    /// The committed state this transaction reads (for a write transaction: the one it will commit).
    public var snapshot: LedgerSnapshot {
        LedgerSnapshot(environment: ObjectIdentifier(environment), commit: Int(mdb_txn_id(txn)))
    }
}
