// The only file that touches libqrencode.
import CQRencode

/// A QR code as inline SVG: printed on each sheet so that whoever holds a
/// paper copy can scan it and check they have the latest version.
enum QRCode {
    /// SVG for `text` (error correction M, a 4-module quiet zone), or nil if
    /// libqrencode cannot encode it. The same text always gives the same bytes.
    static func svg(for text: String, label: String) -> String? {
        guard let code = QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8, 1) else { return nil }
        defer { QRcode_free(code) }
        let width = Int(code.pointee.width)
        let modules = UnsafeBufferPointer(start: code.pointee.data, count: width * width)
        let quiet = 4, size = width + 2 * quiet
        var path = ""
        for y in 0..<width {
            var x = 0
            while x < width {
                // Bit 0 of each byte is the module's colour; runs become one rectangle.
                guard modules[y * width + x] & 1 == 1 else { x += 1; continue }
                let start = x
                while x < width, modules[y * width + x] & 1 == 1 { x += 1 }
                path += "M\(start + quiet) \(y + quiet)h\(x - start)v1h-\(x - start)z"
            }
        }
        return "<svg class=\"qr\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(size) \(size)\" role=\"img\" "
            + "aria-label=\"\(HTMLEscaping.text(label))\" shape-rendering=\"crispEdges\">"
            + "<rect width=\"\(size)\" height=\"\(size)\" fill=\"#fff\"/><path d=\"\(path)\" fill=\"#000\"/></svg>"
    }
}
