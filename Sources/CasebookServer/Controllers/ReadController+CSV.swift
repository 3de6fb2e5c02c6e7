import Hummingbird
import Registers

extension ReadController {
    /// A CSV answer's body: as written, or for Excel on Windows with `excel=true` (the UTF-8 byte
    /// order mark first and CRLF line ends, `CSV.excel`). `excel=true` without `format=csv` is a
    /// 400 naming the parameter.
    static func csvBody(_ csv: String, format: String, _ query: Query) throws -> String {
        let excel = try query.bool("excel") ?? false
        if excel && format != "csv" {
            throw APIError.badRequest("excel=true shapes CSV for Excel; add format=csv (or leave excel out)", code: "invalidParameter")
        }
        return excel ? CSV.excel(csv) : csv
    }
}
