/// The simulator's data: suppliers, items and contracts, generated from a seed.
///
/// Everything is built compactly at start (numbers, no per-item strings); names and contract
/// conditions are derived on demand from the seed, so start-up stays fast.
struct SimulatorDataset: Sendable {
    static let firstSupplier = 10001
    static let supplierCount = 240
    static let firstNobbNumber = 40_000_001
    static let itemCount = 20_000
    static let firstContractID = 100_001
    static let firstModuleNumber = 20_000_001

    /// Demo-client contract counts fixed for tests and examples; other suppliers get 7–21.
    static let demoContractCounts: [Int: Int] = [
        10001: 0, 10002: 10, 10003: 20, 10004: 120, 10005: 4, 10006: 5, 10012: 3, 10017: 3,
    ]
    /// 10005's first contract has no conditions.
    static let supplierWithEmptyContract = 10005
    /// 10006's contracts are full of inactive conditions and expired elements.
    static let supplierWithInactiveConditions = 10006

    let seed: UInt64
    let suppliers: [Supplier]
    let items: [Item]
    /// Ordered by `contractId`; `contracts[i].contractId == firstContractID + i`.
    let contracts: [Contract]
    /// Contract indexes per chain office, in `contractId` order.
    let contractsByChain: [Int: [Int]]

    func supplier(participantNumber: Int) -> Supplier? {
        let index = participantNumber - Self.firstSupplier
        return suppliers.indices.contains(index) ? suppliers[index] : nil
    }

    func item(nobbNumber: Int) -> Item? {
        let index = nobbNumber - Self.firstNobbNumber
        return items.indices.contains(index) ? items[index] : nil
    }

    func contract(id: Int) -> Contract? {
        let index = id - Self.firstContractID
        return contracts.indices.contains(index) ? contracts[index] : nil
    }

    /// Every contract the client's chain (office or stores) received, in `contractId` order.
    func contracts(visibleTo client: SimulatorClient) -> [Contract] {
        (contractsByChain[client.participantNumber] ?? []).map { contracts[$0] }
    }

    var conditionCount: Int { contracts.reduce(0) { $0 + $1.conditionCount } }

    func itemName(_ item: Item) -> String {
        let product = NorwegianWords.products[item.overGroup % NorwegianWords.products.count]
        let variant = product.variants[item.nameIndex % product.variants.count]
        let size = product.sizes[(item.nameIndex / product.variants.count) % product.sizes.count]
        return "\(product.noun) \(variant) \(size)"
    }

    func contractText(_ contract: Contract) -> String {
        let kind = NorwegianWords.contractKinds[contract.textIndex % NorwegianWords.contractKinds.count]
        let region = NorwegianWords.regions[(contract.textIndex / 8) % NorwegianWords.regions.count]
        let supplierName = suppliers[contract.supplierIndex].name
        return "\(kind) \(supplierName) – \(region) \(contract.from.components.year)"
    }
}
