import Foundation

/// Monotonic nanoseconds (CLOCK_MONOTONIC through DispatchTime).
@inline(__always)
func now() -> UInt64 { DispatchTime.now().uptimeNanoseconds }

func seconds(since start: UInt64) -> Double { Double(now() - start) / 1e9 }

/// Latency samples in nanoseconds and their summary.
struct Samples {
    var nanos: [UInt64] = []

    mutating func add(_ n: UInt64) { nanos.append(n) }

    func percentile(_ p: Double) -> Double {
        guard !nanos.isEmpty else { return .nan }
        let sorted = nanos.sorted()
        // Nearest-rank percentile.
        let rank = max(1, Int((p / 100 * Double(sorted.count)).rounded(.up)))
        return Double(sorted[min(sorted.count, rank) - 1])
    }

    var mean: Double { nanos.isEmpty ? .nan : Double(nanos.reduce(0, +)) / Double(nanos.count) }

    /// p50, p99, mean, min, max in microseconds, and the count.
    var json: [String: Any] {
        [
            "n": nanos.count, "p50_us": round3(percentile(50) / 1e3), "p99_us": round3(percentile(99) / 1e3),
            "mean_us": round3(mean / 1e3), "min_us": round3(Double(nanos.min() ?? 0) / 1e3), "max_us": round3(Double(nanos.max() ?? 0) / 1e3),
        ]
    }
}

func round3(_ x: Double) -> Double { x.isFinite ? (x * 1000).rounded() / 1000 : -1 }

/// Runs `body` until `iterations` runs or `budget` seconds have passed (at least `minimum` runs),
/// after `warmup` untimed runs.
func timeIterations(iterations: Int, budget: Double, minimum: Int = 5, warmup: Int = 2, _ body: (Int) throws -> Void) rethrows -> Samples {
    for i in 0..<warmup { try body(i) }
    var s = Samples()
    let start = now()
    var i = 0
    while i < iterations {
        let t = now()
        try body(i)
        s.add(now() - t)
        i += 1
        if i >= minimum && seconds(since: start) > budget { break }
    }
    return s
}

/// Peak and current resident set size of this process, from /proc/self/status (kB → MB).
func memoryStatus() -> (peakMB: Double, currentMB: Double) {
    guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return (-1, -1) }
    func field(_ name: String) -> Double {
        for line in text.split(separator: "\n") where line.hasPrefix(name + ":") {
            let digits = line.dropFirst(name.count + 1).filter { $0.isNumber }
            return (Double(String(digits)) ?? -1) / 1024
        }
        return -1
    }
    return (field("VmHWM"), field("VmRSS"))
}

/// The machine the figures came from.
func machineInfo() -> [String: Any] {
    var info: [String: Any] = [:]
    info["nproc"] = ProcessInfo.processInfo.activeProcessorCount
    if let cpu = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8),
       let line = cpu.split(separator: "\n").first(where: { $0.hasPrefix("model name") }),
       let colon = line.firstIndex(of: ":") {
        info["cpu"] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
    }
    info["memory_gb"] = round3(Double(ProcessInfo.processInfo.physicalMemory) / 1_073_741_824)
    info["os"] = ProcessInfo.processInfo.operatingSystemVersionString
    if let release = try? String(contentsOfFile: "/etc/os-release", encoding: .utf8),
       let line = release.split(separator: "\n").first(where: { $0.hasPrefix("PRETTY_NAME=") }) {
        info["distribution"] = line.dropFirst("PRETTY_NAME=".count).trimmingCharacters(in: CharacterSet(charactersIn: "\""))
    }
    let f = ISO8601DateFormatter()
    info["date"] = f.string(from: Date())
    if let load = try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8) {
        info["loadavg_at_start"] = load.trimmingCharacters(in: .whitespacesAndNewlines)
    }
    return info
}

/// A fresh directory for one measurement, removed by `cleanup`.
struct ScratchDirectory {
    let path: String

    init(_ root: String, _ name: String) throws {
        path = root + "/" + name + "-" + UUID().uuidString.prefix(8).lowercased()
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    func cleanup() { try? FileManager.default.removeItem(atPath: path) }
}

/// Writes to standard error (progress), keeping standard output for results.
func log(_ message: String) {
    FileHandle.standardError.write(Data((message + "\n").utf8))
}

func fmt(_ x: Double, _ digits: Int = 0) -> String {
    guard x.isFinite else { return "n/a" }
    return String(format: "%.\(digits)f", x)
}

/// Thousands separators for event rates.
func rate(_ x: Double) -> String {
    guard x.isFinite else { return "n/a" }
    let n = Int(x.rounded())
    var s = String(n)
    var i = s.count - 3
    while i > 0 {
        s.insert(",", at: s.index(s.startIndex, offsetBy: i))
        i -= 3
    }
    return s
}
