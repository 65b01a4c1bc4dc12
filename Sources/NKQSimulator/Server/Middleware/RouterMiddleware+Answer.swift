import Hummingbird

extension RouterMiddleware where Context == SimulatorRequestContext {
    /// `next`'s answer, with a thrown problem rendered as the response it stands for, so that
    /// middleware can add headers to (or count) error answers as well.
    func answer(
        _ request: Request, _ context: Context, _ next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as any HTTPResponseError {
            return try error.response(from: request, context: context)
        }
    }
}
