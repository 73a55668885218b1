// The Hummingbird side of the simulator: reads a request's path, headers and
// body, hands them to `SimulatorService`, writes the reply (or half of it,
// then drops the connection, for truncate faults).

import HTTPTypes  // via Hummingbird (HTTPField.Name is not re-exported)
import Hummingbird

/// Routes every request to the simulator service.
struct SimulatorResponder: HTTPResponder {
    typealias Context = BasicRequestContext
    let service: SimulatorService

    /// The body writer throws this to drop the connection mid-body.
    struct CutConnection: Error {}

    func respond(to request: Request, context: Context) async throws -> Response {
        guard request.method == .post else {
            return Response(status: .methodNotAllowed, body: ResponseBody(byteBuffer: ByteBuffer(string: "POST only\n")))
        }
        let buffer = try await request.body.collect(upTo: 16 << 20)
        let headers = request.headers
        let reply = await service.handle(
            path: request.uri.path,
            header: { name in HTTPField.Name(name).flatMap { headers[$0] } },
            body: Array(buffer.readableBytesView))
        var fields = HTTPFields()
        for (name, value) in reply.headers {
            if let n = HTTPField.Name(name) { fields[n] = value }
        }
        let status = HTTPResponse.Status(code: reply.status)
        if let cut = reply.cutAt {
            let part = ByteBuffer(bytes: reply.body[0..<cut])
            return Response(
                status: status, headers: fields,
                body: ResponseBody(contentLength: reply.body.count) { writer in
                    try await writer.write(part)
                    throw CutConnection()
                })
        }
        return Response(status: status, headers: fields, body: ResponseBody(byteBuffer: ByteBuffer(bytes: reply.body)))
    }
}
