import Synchronization

/// Supplier numbers seen in one statement's rows (at most 200).
final class SupplierSightings: Sendable {
    /// The fields that name a row's supplier, per resource.
    static let fields = ["ownerParticipantNumber", "supplierParticipantNumber", "participantNo", "supplier"]
    private let seen = Mutex(Set<String>())

    func note(_ row: JSONValue) {
        guard let object = row.objectValue,
              let number = Self.fields.lazy.compactMap({ object[$0]?.intValue }).first else { return }
        seen.withLock { if $0.count < 200 { $0.insert(String(number)) } }
    }

    var numbers: Set<String> { seen.withLock { $0 } }
}
