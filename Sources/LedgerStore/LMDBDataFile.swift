import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Checks an LMDB 0.9 data file (`data.mdb`) with plain `pread`, never through the memory map,
/// so that a damaged file is refused with an error instead of crashing the process.
///
/// LMDB keeps no checksums and trusts every page number and offset it reads: a file cut short
/// makes it read past the end of its map (SIGBUS), and a flipped byte in a page header or node
/// can send it anywhere. Two checks, both against the layout of `lmdb.h`/`mdb.c` 0.9:
///
/// - ``checkBeforeOpening(_:mayBeNew:)``, on every open: the file is at least its two meta
///   pages; both parse (page header with `P_META`, `mm_magic` 0xBEEFC0DE, `mm_version` 1, the
///   same page size) and their transaction ids are one apart; the meta LMDB will use (the higher
///   transaction id) covers no more pages than the file holds and its roots lie inside them; the
///   free-page and main trees (small: the main tree lists the named databases) are walked whole,
///   and each named database's root page header is read.
/// - ``walkEveryPage(_:snapshot:)``, for `verify`: every B-tree of the snapshot, page by page.
///
/// Layout (all little-endian on the platforms Casebook runs on): a page starts with a 16-byte
/// header `mp_pgno` (u64), `mp_pad` (u16), `mp_flags` (u16), `mp_lower`, `mp_upper` (u16; for an
/// overflow page `mp_pages`, u32); then `mp_ptrs[]`, u16 node offsets. A node is `mn_lo`,
/// `mn_hi` (data size, or the low 32 bits of a child page number), `mn_flags` (node flags, or
/// the high 16 bits of the child), `mn_ksize`, then the key and the data. `MDB_meta` follows the
/// header of pages 0 and 1: `mm_magic`, `mm_version` (u32), `mm_address`, `mm_mapsize`,
/// `mm_dbs[2]` (free, main), `mm_last_pg`, `mm_txnid`; an `MDB_db` is `md_pad` (u32; the page
/// size in the free record), `md_flags`, `md_depth` (u16), `md_branch_pages`, `md_leaf_pages`,
/// `md_overflow_pages`, `md_entries`, `md_root` (u64).
enum LMDBDataFile {
    static let magic: UInt32 = 0xBEEF_C0DE
    static let dataVersion: UInt32 = 1
    static let headerSize = 16
    static let invalidPage = UInt64.max
    static let maxKeySize = 511

    // Page flags (mdb.c `P_*`) and node flags (`F_*`).
    static let pageBranch: UInt16 = 0x01
    static let pageLeaf: UInt16 = 0x02
    static let pageOverflow: UInt16 = 0x04
    static let pageMeta: UInt16 = 0x08
    static let nodeBigData: UInt16 = 0x01
    static let nodeSubData: UInt16 = 0x02

    /// One `MDB_db` record.
    struct DatabaseRecord {
        var flags: UInt16
        var depth: UInt16
        var branchPages: UInt64
        var leafPages: UInt64
        var overflowPages: UInt64
        var entries: UInt64
        var root: UInt64

        init(_ b: UnsafeRawBufferPointer, at o: Int) {
            flags = b.u16(o + 4)
            depth = b.u16(o + 6)
            branchPages = b.u64(o + 8)
            leafPages = b.u64(o + 16)
            overflowPages = b.u64(o + 24)
            entries = b.u64(o + 32)
            root = b.u64(o + 40)
        }
    }

    /// One meta page.
    struct Meta {
        var pageNumber: UInt64
        var pageFlags: UInt16
        var magic: UInt32
        var version: UInt32
        var pageSize: UInt32
        var free: DatabaseRecord
        var main: DatabaseRecord
        var lastPage: UInt64
        var txnid: UInt64

        static let size = 16 + 136

        init(_ b: UnsafeRawBufferPointer) {
            pageNumber = b.u64(0)
            pageFlags = b.u16(10)
            magic = b.u32(16)
            version = b.u32(20)
            pageSize = b.u32(40)  // mm_dbs[FREE_DBI].md_pad
            free = DatabaseRecord(b, at: 40)
            main = DatabaseRecord(b, at: 88)
            lastPage = b.u64(136)
            txnid = b.u64(144)
        }
    }

    static func damaged(_ path: String, _ what: String) -> LedgerError {
        LedgerError(.corrupted, "the ledger file \(path) is damaged: \(what). Casebook will not read it; restore the ledger from its backup (`casebook restore BACKUP NEW_DIRECTORY`; `casebook backup` makes one)")
    }

    // MARK: The check on open

    /// Refuses a data file that LMDB could not read safely; see the type's documentation.
    ///
    /// A missing or empty file is a new environment when `mayBeNew` (only `init` creates one),
    /// and damage otherwise: LMDB would silently start an empty one in its place. A failure is
    /// read once more after a moment, in case another process was committing meanwhile.
    static func checkBeforeOpening(_ path: String, mayBeNew: Bool) throws(LedgerError) {
        do {
            try checkOnce(path, mayBeNew: mayBeNew)
        } catch let error where error.code == .corrupted {
            usleep(50_000)
            try checkOnce(path, mayBeNew: mayBeNew)
        }
    }

    private static func checkOnce(_ path: String, mayBeNew: Bool) throws(LedgerError) {
        guard let file = try PageFile(path: path) else {
            if mayBeNew { return }
            throw damaged(path, "the file is missing although its directory is there")
        }
        defer { file.close() }
        if file.size == 0 {
            if mayBeNew { return }
            throw damaged(path, "the file is empty (0 bytes): it was truncated")
        }
        let meta = try currentMeta(file)
        var walker = TreeWalker(file: file, meta: meta)
        try walker.walk(meta.free, name: "the free-page table", kind: .free)
        var named: [(name: String, record: DatabaseRecord)] = []
        try walker.walk(meta.main, name: "the table of tables", kind: .main) { named.append(($0, $1)) }
        for (name, record) in named where record.root != invalidPage {
            try walker.checkRootHeader(record, name: name)
        }
    }

    /// Parses both meta pages and returns the one LMDB uses (the higher transaction id), after
    /// checking it against the file's size.
    static func currentMeta(_ file: PageFile) throws(LedgerError) -> Meta {
        let path = file.path
        guard file.size >= UInt64(Meta.size) else {
            throw damaged(path, "it is \(file.size) bytes long, shorter than its first header page")
        }
        let first = try file.readMeta(at: 0)
        try checkMetaPage(first, index: 0, path: path)
        let pageSize = UInt64(first.pageSize)
        guard pageSize >= 512, pageSize <= 65536, pageSize & (pageSize - 1) == 0 else {
            throw damaged(path, "its first header page gives an impossible page size (\(first.pageSize))")
        }
        guard file.size >= 2 * pageSize else {
            throw damaged(path, "it is \(file.size) bytes long, shorter than its two \(pageSize)-byte header pages: it was truncated")
        }
        let second = try file.readMeta(at: pageSize)
        try checkMetaPage(second, index: 1, path: path)
        guard second.pageSize == first.pageSize else {
            throw damaged(path, "its two header pages disagree about the page size (\(first.pageSize) and \(second.pageSize))")
        }
        // Commit n writes header page n % 2, so the two are one commit apart (or both 0, new).
        let (t0, t1) = (first.txnid, second.txnid)
        let oneApart = (t0 == 0 && t1 == 0) || (t0 &+ 1 == t1 && t1 & 1 == 1) || (t1 &+ 1 == t0 && t0 & 1 == 0)
        guard oneApart else {
            throw damaged(path, "its two header pages are not one commit apart (transaction ids \(t0) and \(t1))")
        }
        let meta = t1 > t0 ? second : first
        let older = t1 > t0 ? first : second
        let (covered, overflow) = (meta.lastPage &+ 1).multipliedReportingOverflow(by: pageSize)
        guard meta.lastPage >= 1, !overflow, meta.lastPage != invalidPage else {
            throw damaged(path, "its header page gives an impossible last page (\(meta.lastPage))")
        }
        guard covered <= file.size else {
            throw damaged(path, "its header says it holds \(meta.lastPage + 1) pages (\(covered) bytes) but the file is \(file.size) bytes: it was truncated")
        }
        guard older.lastPage <= meta.lastPage else {
            throw damaged(path, "its older header page ends after its newer one (pages \(older.lastPage) and \(meta.lastPage))")
        }
        for (record, name) in [(meta.free, "free-page"), (meta.main, "main")] where record.root != invalidPage {
            guard record.root >= 2, record.root <= meta.lastPage else {
                throw damaged(path, "its \(name) tree starts at page \(record.root), outside its \(meta.lastPage + 1) pages")
            }
        }
        return meta
    }

    private static func checkMetaPage(_ m: Meta, index: UInt64, path: String) throws(LedgerError) {
        let which = index == 0 ? "first" : "second"
        guard m.pageFlags & pageMeta != 0, m.pageNumber == index else {
            throw damaged(path, "its \(which) header page is not a header page (page number \(m.pageNumber), flags \(m.pageFlags))")
        }
        guard m.magic == magic else {
            throw damaged(path, "its \(which) header page does not start with LMDB's magic number (found 0x\(String(m.magic, radix: 16)))")
        }
        guard m.version == dataVersion else {
            throw damaged(path, "its \(which) header page has data format version \(m.version); LMDB 0.9 writes version 1")
        }
    }

    // MARK: The full walk

    /// Walks every B-tree of the snapshot whose transaction id is `snapshot` (the current one
    /// when nil) from its meta page, page by page with `pread`; throws on the first bad page.
    /// Returns false when neither meta page holds that snapshot any more (two commits since),
    /// so the caller can take a newer one.
    ///
    /// Checks each page's number, flags, bounds and nodes (key and data sizes inside the page,
    /// child and overflow page numbers inside the file, each page reached once, leaves all at
    /// the recorded depth), each table's page and entry counts, and that the free-page table
    /// holds only page numbers inside the file. The caller holds a read transaction on that
    /// snapshot, so no writer reuses its pages meanwhile.
    @discardableResult
    static func walkEveryPage(_ path: String, snapshot: UInt64? = nil) throws(LedgerError) -> Bool {
        guard let file = try PageFile(path: path) else { throw damaged(path, "the file is missing") }
        defer { file.close() }
        guard file.size > 0 else { throw damaged(path, "the file is empty (0 bytes): it was truncated") }
        var meta = try currentMeta(file)
        if let snapshot, meta.txnid != snapshot {
            let other = try file.readMeta(at: meta.txnid & 1 == 0 ? UInt64(meta.pageSize) : 0)
            guard other.txnid == snapshot else { return false }
            meta = other
            let (covered, overflow) = (meta.lastPage &+ 1).multipliedReportingOverflow(by: UInt64(meta.pageSize))
            guard meta.lastPage >= 1, meta.lastPage != invalidPage, !overflow, covered <= file.size else {
                throw damaged(path, "its header page for transaction \(snapshot) gives an impossible last page (\(meta.lastPage))")
            }
        }
        var walker = TreeWalker(file: file, meta: meta)
        try walker.walk(meta.free, name: "the free-page table", kind: .free)
        var named: [(name: String, record: DatabaseRecord)] = []
        try walker.walk(meta.main, name: "the table of tables", kind: .main) { named.append(($0, $1)) }
        for (name, record) in named { try walker.walk(record, name: "table \(name)", kind: .named) }
        return true
    }
}

// MARK: - Reading pages

/// An open data file read with `pread` into one reused page buffer.
final class PageFile {
    let path: String
    let fd: Int32
    let size: UInt64
    private(set) var pageSize = 4096
    private var buffer: UnsafeMutableRawBufferPointer

    /// Opens `path`; nil when it does not exist.
    init?(path: String) throws(LedgerError) {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        if fd < 0 {
            if errno == ENOENT { return nil }
            throw LedgerError(.io, "cannot open \(path) to check it: \(String(cString: strerror(errno)))")
        }
        var st = stat()
        guard fstat(fd, &st) == 0 else {
            let message = String(cString: strerror(errno))
            Glibc.close(fd)
            throw LedgerError(.io, "cannot read the size of \(path): \(message)")
        }
        guard (st.st_mode & S_IFMT) == S_IFREG else {
            Glibc.close(fd)
            throw LMDBDataFile.damaged(path, "it is not a regular file")
        }
        self.path = path
        self.fd = fd
        self.size = UInt64(st.st_size)
        self.buffer = .allocate(byteCount: 65536, alignment: 16)
    }

    deinit { buffer.deallocate() }

    func close() { Glibc.close(fd) }

    func readMeta(at offset: UInt64) throws(LedgerError) -> LMDBDataFile.Meta {
        let page = try read(count: LMDBDataFile.Meta.size, at: offset)
        return LMDBDataFile.Meta(page)
    }

    func setPageSize(_ size: Int) { pageSize = size }

    /// `count` bytes at `offset` (valid until the next read); throws when the file is shorter.
    func read(count: Int, at offset: UInt64) throws(LedgerError) -> UnsafeRawBufferPointer {
        if count > buffer.count {
            buffer.deallocate()
            buffer = .allocate(byteCount: count, alignment: 16)
        }
        var done = 0
        while done < count {
            let n = pread(fd, buffer.baseAddress! + done, count - done, off_t(offset) + off_t(done))
            if n < 0 {
                if errno == EINTR { continue }
                throw LedgerError(.io, "cannot read \(path): \(String(cString: strerror(errno)))")
            }
            if n == 0 { throw LMDBDataFile.damaged(path, "it ends at \(offset + UInt64(done)) bytes, inside a page it refers to") }
            done += n
        }
        return UnsafeRawBufferPointer(rebasing: buffer[0..<count])
    }

    /// `count` bytes at `offset` in an array of their own (the page buffer stays as it is).
    func bytes(count: Int, at offset: UInt64) throws(LedgerError) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: count)
        var done = 0
        while done < count {
            let n = out.withUnsafeMutableBytes { pread(fd, $0.baseAddress! + done, count - done, off_t(offset) + off_t(done)) }
            if n < 0 {
                if errno == EINTR { continue }
                throw LedgerError(.io, "cannot read \(path): \(String(cString: strerror(errno)))")
            }
            if n == 0 { throw LMDBDataFile.damaged(path, "it ends at \(offset + UInt64(done)) bytes, inside a page it refers to") }
            done += n
        }
        return out
    }

    /// Page `number`, whole.
    func page(_ number: UInt64) throws(LedgerError) -> UnsafeRawBufferPointer {
        try read(count: pageSize, at: number * UInt64(pageSize))
    }
}

extension UnsafeRawBufferPointer {
    @inline(__always) func u16(_ o: Int) -> UInt16 { UInt16(littleEndian: loadUnaligned(fromByteOffset: o, as: UInt16.self)) }
    @inline(__always) func u32(_ o: Int) -> UInt32 { UInt32(littleEndian: loadUnaligned(fromByteOffset: o, as: UInt32.self)) }
    @inline(__always) func u64(_ o: Int) -> UInt64 { UInt64(littleEndian: loadUnaligned(fromByteOffset: o, as: UInt64.self)) }
}

// MARK: - Walking trees

/// Walks B-trees of one snapshot, remembering every page it reached.
struct TreeWalker {
    enum Kind { case free, main, named }

    let file: PageFile
    let lastPage: UInt64
    let pageSize: Int
    private var reached: [UInt64]

    /// `meta` was checked by `LMDBDataFile.currentMeta`.
    init(file: PageFile, meta: LMDBDataFile.Meta) {
        self.file = file
        self.lastPage = meta.lastPage
        self.pageSize = Int(meta.pageSize)
        file.setPageSize(pageSize)
        reached = Array(repeating: 0, count: Int(meta.lastPage / 64) + 1)
    }

    private func damaged(_ what: String) -> LedgerError { LMDBDataFile.damaged(file.path, what) }

    /// Marks page `n` reached; throws when it is outside the file or was reached before.
    private mutating func reach(_ n: UInt64, from table: String) throws(LedgerError) {
        guard n >= 2, n <= lastPage else {
            throw damaged("\(table) refers to page \(n), outside its pages 2–\(lastPage)")
        }
        let (word, bit) = (Int(n / 64), n % 64)
        guard reached[word] & (1 << bit) == 0 else {
            throw damaged("\(table) reaches page \(n) twice")
        }
        reached[word] |= 1 << bit
    }

    /// Reads only the header of a table's root page (the cheap check on open).
    func checkRootHeader(_ record: LMDBDataFile.DatabaseRecord, name: String) throws(LedgerError) {
        guard record.root >= 2, record.root <= lastPage else {
            throw damaged("table \(name) starts at page \(record.root), outside its pages 2–\(lastPage)")
        }
        let header = try file.bytes(count: LMDBDataFile.headerSize, at: record.root * UInt64(pageSize))
        let expected = record.depth > 1 ? LMDBDataFile.pageBranch : LMDBDataFile.pageLeaf
        let (number, flags) = header.withUnsafeBytes { ($0.u64(0), $0.u16(10)) }
        guard record.depth >= 1, number == record.root, flags == expected else {
            throw damaged("the root page \(record.root) of table \(name) is not the page it should be (it says page \(number), flags \(flags), depth \(record.depth))")
        }
    }

    /// Walks one tree, calling `subTable` with each named table the main tree lists.
    mutating func walk(_ record: LMDBDataFile.DatabaseRecord, name table: String, kind: Kind,
                       subTable: (String, LMDBDataFile.DatabaseRecord) -> Void = { _, _ in }) throws(LedgerError) {
        guard record.flags == 0 || kind == .free else {
            throw damaged("\(table) has flags \(record.flags), which Casebook never sets")
        }
        if record.root == LMDBDataFile.invalidPage {
            guard record.depth == 0, record.entries == 0 else {
                throw damaged("\(table) is empty but records \(record.entries) entries at depth \(record.depth)")
            }
            return
        }
        guard record.depth >= 1, record.depth <= 32 else {
            throw damaged("\(table) records an impossible depth (\(record.depth))")
        }
        var stack: [(page: UInt64, level: Int)] = [(record.root, Int(record.depth))]
        var counts = (branch: UInt64(0), leaf: UInt64(0), overflow: UInt64(0), entries: UInt64(0))
        let psize = pageSize
        while let top = stack.popLast() {
            let (number, level) = top
            try reach(number, from: table)
            let p = try file.page(number)
            let flags = p.u16(10)
            let (lower, upper) = (Int(p.u16(12)), Int(p.u16(14)))
            let isBranch = level > 1
            guard p.u64(0) == number else {
                throw damaged("page \(number) of \(table) says it is page \(p.u64(0))")
            }
            guard flags == (isBranch ? LMDBDataFile.pageBranch : LMDBDataFile.pageLeaf) else {
                throw damaged("page \(number) of \(table) has flags \(flags) where a \(isBranch ? "branch" : "leaf") page belongs")
            }
            guard lower >= LMDBDataFile.headerSize + 2, (lower - LMDBDataFile.headerSize) % 2 == 0, lower <= upper, upper <= psize else {
                throw damaged("page \(number) of \(table) has impossible bounds (lower \(lower), upper \(upper))")
            }
            if isBranch { counts.branch += 1 } else { counts.leaf += 1 }
            let keys = (lower - LMDBDataFile.headerSize) / 2
            for i in 0..<keys {
                let offset = Int(p.u16(LMDBDataFile.headerSize + 2 * i))
                guard offset >= upper, offset & 1 == 0, offset + 8 <= psize else {
                    throw damaged("page \(number) of \(table): entry \(i) starts at \(offset), outside the page's entries")
                }
                let (lo, hi, nodeFlags, keySize) = (UInt64(p.u16(offset)), UInt64(p.u16(offset + 2)), p.u16(offset + 4), Int(p.u16(offset + 6)))
                let dataStart = offset + 8 + keySize
                guard keySize <= LMDBDataFile.maxKeySize, dataStart <= psize else {
                    throw damaged("page \(number) of \(table): entry \(i) has a \(keySize)-byte key that does not fit")
                }
                if isBranch {
                    stack.append((lo | hi << 16 | UInt64(nodeFlags) << 32, level - 1))
                    continue
                }
                counts.entries += 1
                let dataSize = Int(lo | hi << 16)
                if kind == .free, keySize != 8 {
                    throw damaged("page \(number) of \(table): entry \(i) has a \(keySize)-byte key; this table's keys are 8 bytes")
                }
                switch nodeFlags {
                case 0:
                    guard dataStart + dataSize <= psize else {
                        throw damaged("page \(number) of \(table): entry \(i) has \(dataSize) bytes of data that do not fit in the page")
                    }
                    if kind == .main {
                        throw damaged("page \(number) of \(table): entry \(i) is not a table record")
                    }
                    if kind == .free, let problem = freeListProblem(UnsafeRawBufferPointer(rebasing: p[dataStart..<dataStart + dataSize]), table: table, page: number) {
                        throw damaged(problem)
                    }
                case LMDBDataFile.nodeBigData:
                    guard dataStart + 8 <= psize, kind != .main else {
                        throw damaged("page \(number) of \(table): entry \(i) refers to overflow pages it has no room for")
                    }
                    let first = p.u64(dataStart)
                    counts.overflow += try overflow(first, dataSize: dataSize, table: table, kind: kind)
                case LMDBDataFile.nodeSubData where kind == .main:
                    guard dataSize == 48, dataStart + 48 <= psize else {
                        throw damaged("page \(number) of \(table): entry \(i) is a \(dataSize)-byte table record; they are 48 bytes")
                    }
                    let name = String(decoding: UnsafeRawBufferPointer(rebasing: p[(offset + 8)..<dataStart]), as: UTF8.self)
                    subTable(name, LMDBDataFile.DatabaseRecord(p, at: dataStart))
                default:
                    throw damaged("page \(number) of \(table): entry \(i) has node flags \(nodeFlags), which Casebook never writes")
                }
            }
        }
        guard counts.entries == record.entries, counts.branch == record.branchPages, counts.leaf == record.leafPages,
              counts.overflow == record.overflowPages
        else {
            throw damaged("\(table) records \(record.entries) entries in \(record.branchPages)+\(record.leafPages)+\(record.overflowPages) pages but holds \(counts.entries) in \(counts.branch)+\(counts.leaf)+\(counts.overflow)")
        }
    }

    /// Checks an overflow run starting at `first`; returns its page count.
    private mutating func overflow(_ first: UInt64, dataSize: Int, table: String, kind: Kind) throws(LedgerError) -> UInt64 {
        guard first >= 2, first <= lastPage else {
            throw damaged("\(table) refers to overflow page \(first), outside its pages 2–\(lastPage)")
        }
        let header = try file.bytes(count: LMDBDataFile.headerSize, at: first * UInt64(pageSize))
        let (number, flags, count) = header.withUnsafeBytes { ($0.u64(0), $0.u16(10), UInt64($0.u32(12))) }
        guard number == first, flags == LMDBDataFile.pageOverflow, count >= 1,
              first + count - 1 <= lastPage, UInt64(dataSize) + UInt64(LMDBDataFile.headerSize) <= count * UInt64(pageSize)
        else {
            throw damaged("overflow page \(first) of \(table) is not a valid run of \(count) page(s) for \(dataSize) bytes")
        }
        for n in first..<(first + count) { try reach(n, from: table) }
        if kind == .free {
            let data = try file.bytes(count: dataSize, at: first * UInt64(pageSize) + UInt64(LMDBDataFile.headerSize))
            if let problem = data.withUnsafeBytes({ freeListProblem($0, table: table, page: first) }) { throw damaged(problem) }
        }
        return count
    }

    /// What is wrong with a free-page record (a count, then that many page numbers, all inside
    /// the file), or nil.
    private func freeListProblem(_ data: UnsafeRawBufferPointer, table: String, page: UInt64) -> String? {
        guard data.count >= 8 else { return "page \(page) of \(table) holds a \(data.count)-byte list of free pages" }
        let count = data.u64(0)
        guard count <= UInt64(data.count / 8 - 1) else {
            return "page \(page) of \(table) lists \(count) free pages in \(data.count) bytes"
        }
        for i in 0..<Int(count) {
            let n = data.u64(8 + 8 * i)
            guard n >= 2, n <= lastPage else {
                return "page \(page) of \(table) lists free page \(n), outside its pages 2–\(lastPage)"
            }
        }
        return nil
    }
}
