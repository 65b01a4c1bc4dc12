/// The spellings of `nkq sim`'s flags, read into a configuration; tests use the same spellings.
extension SimulatorConfiguration {
    /// A flag value that cannot be read; the message names the flag.
    public struct FlagError: Error, CustomStringConvertible {
        public let description: String
    }

    /// `--rate-limit`: a comma-separated list of `N/S` (the client-level window) and
    /// `RESOURCE=N/S` (that endpoint's own window), e.g. `300/60,prices=60/60`. Without an `N/S`
    /// entry the client-level window stays as it is.
    public mutating func setRateLimits(_ text: String) throws {
        var resources: [SimulatorResource: RateWindow] = [:]
        var client: RateWindow? = nil
        for entry in text.split(separator: ",", omittingEmptySubsequences: false) {
            let parts = entry.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let window = Self.rateWindow(parts[parts.count - 1]) else {
                throw FlagError(description: "--rate-limit entries are N/SECONDS or RESOURCE=N/SECONDS with both at least 1, e.g. 300/60,prices=60/60; got '\(entry)'.")
            }
            if parts.count == 2 {
                let resource = try Self.resource(parts[0], flag: "--rate-limit")
                guard resources.updateValue(window, forKey: resource) == nil else {
                    throw FlagError(description: "--rate-limit names \(resource.rawValue) twice.")
                }
            } else {
                guard client == nil else { throw FlagError(description: "--rate-limit has two client-level windows (N/SECONDS).") }
                client = window
            }
        }
        if let client { (rateLimit, rateWindowSeconds) = (client.limit, client.seconds) }
        resourceRateLimits = resources
    }

    /// `--no-ratelimit-headers RESOURCE,...`
    public mutating func setResourcesWithoutRateLimitHeaders(_ text: String) throws {
        for name in text.split(separator: ",", omittingEmptySubsequences: false) {
            resourcesWithoutRateLimitHeaders.insert(try Self.resource(name, flag: "--no-ratelimit-headers"))
        }
    }

    /// `--api-version RESOURCE=vN` (N at least 1).
    public mutating func setAPIVersion(_ text: String) throws {
        let (resource, value) = try Self.assignment(text, flag: "--api-version", example: "prices=v2")
        guard value.first == "v", let number = Int(value.dropFirst()), number >= 1, number <= 99 else {
            throw FlagError(description: "--api-version wants RESOURCE=vN with N from 1 to 99, e.g. prices=v2; got '\(text)'.")
        }
        apiVersions[resource] = number
    }

    /// `--sunset RESOURCE=YYYY-MM-DD`.
    public mutating func setSunset(_ text: String) throws {
        let (resource, value) = try Self.assignment(text, flag: "--sunset", example: "contracts=2027-06-01")
        guard Day(parsing: value) != nil else {
            throw FlagError(description: "--sunset wants RESOURCE=YYYY-MM-DD, e.g. contracts=2027-06-01; got '\(text)'.")
        }
        sunsets[resource] = String(value)
    }

    private static func rateWindow(_ text: Substring) -> RateWindow? {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let limit = Int(parts[0]), let seconds = Int(parts[1]), limit >= 1, seconds >= 1 else {
            return nil
        }
        return RateWindow(limit: limit, seconds: seconds)
    }

    private static func assignment(_ text: String, flag: String, example: String) throws -> (SimulatorResource, Substring) {
        let parts = text.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
        guard parts.count == 2 else { throw FlagError(description: "\(flag) wants RESOURCE=VALUE, e.g. \(example); got '\(text)'.") }
        return (try resource(parts[0], flag: flag), parts[1])
    }

    private static func resource(_ name: Substring, flag: String) throws -> SimulatorResource {
        guard let resource = SimulatorResource(rawValue: name.lowercased()) else {
            let names = SimulatorResource.allCases.map(\.rawValue).joined(separator: ", ")
            throw FlagError(description: "\(flag): '\(name)' is not a resource; use one of \(names).")
        }
        return resource
    }

    /// Every setting is in range; `SimulatorServer` refuses a configuration that is not.
    func validate() throws {
        for (resource, version) in apiVersions where !(1...99).contains(version) {
            throw FlagError(description: "\(resource.rawValue): version \(version) is not from 1 to 99.")
        }
        for (resource, day) in sunsets where Day(parsing: Substring(day)) == nil {
            throw FlagError(description: "\(resource.rawValue): sunset '\(day)' is not YYYY-MM-DD.")
        }
        let windows = [RateWindow(limit: rateLimit, seconds: rateWindowSeconds)] + Array(resourceRateLimits.values)
        guard windows.allSatisfy({ $0.limit >= 1 && $0.seconds >= 1 }) else {
            throw FlagError(description: "every rate-limit window needs at least 1 call and 1 second.")
        }
    }
}
