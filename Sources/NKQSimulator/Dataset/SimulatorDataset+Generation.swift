extension SimulatorDataset {
    /// Builds the dataset for `seed`; the same seed always gives the same data.
    init(seed: UInt64) {
        var random = SeededGenerator(seed: seed)
        let itemCounts = Self.itemCounts(&random)
        var suppliers: [Supplier] = []
        var items: [Item] = []
        suppliers.reserveCapacity(Self.supplierCount)
        items.reserveCapacity(Self.itemCount)
        var moduleNumber = Self.firstModuleNumber - 1

        for supplierIndex in 0..<Self.supplierCount {
            let participantNumber = Self.firstSupplier + supplierIndex
            let overGroups = (0..<random.int(1...3)).map { _ in random.int(10...99) }
            let start = items.count
            var remaining = itemCounts[supplierIndex]
            while remaining > 0 {
                let productGroup = (random.pick(overGroups) * 100 + random.int(10...99)) * 1000 + random.int(100...999)
                let groupSize = min(remaining, random.int(4...20))
                var leftInModule = 0
                for _ in 0..<groupSize {
                    if leftInModule == 0 {
                        moduleNumber += 1
                        leftInModule = random.int(2...6)
                    }
                    leftInModule -= 1
                    let cents = random.int(1...100) * random.int(5...200) * 10
                    let month = random.int(0...32)
                    items.append(Item(
                        nobbNumber: Self.firstNobbNumber + items.count,
                        supplierIndex: supplierIndex,
                        productGroup: productGroup,
                        module: moduleNumber,
                        priceUnit: random.pick(NorwegianWords.priceUnits),
                        nameIndex: random.int(0...999),
                        indexPriceCents: cents,
                        indexFrom: Day(2024 + month / 12, month % 12 + 1, 1),
                        nextPriceCents: random.chance(0.15) ? cents * random.int(102...108) / 100 : nil))
                }
                remaining -= groupSize
            }
            suppliers.append(Supplier(
                participantNumber: participantNumber,
                name: Self.supplierName(&random),
                currency: random.pick(NorwegianWords.currencies),
                items: start..<items.count,
                zones: Self.hasZoneRegister(participantNumber) ? Self.zoneRegister(&random) : []))
        }

        var contracts: [Contract] = []
        var byChain: [Int: [Int]] = [:]
        for supplierIndex in 0..<Self.supplierCount {
            let participantNumber = Self.firstSupplier + supplierIndex
            let demoCount = Self.demoContractCounts[participantNumber] ?? random.int(7...21)
            let otherCount = participantNumber % 4 == 0 ? random.int(1...4) : 0
            for (client, count) in [(SimulatorClient.demo, demoCount), (SimulatorClient.other, otherCount)] {
                for ordinal in 0..<count {
                    let contract = Self.contract(
                        id: Self.firstContractID + contracts.count, supplierIndex: supplierIndex, client: client,
                        ordinal: ordinal, count: count, random: &random)
                    byChain[client.participantNumber, default: []].append(contracts.count)
                    contracts.append(contract)
                }
            }
        }
        self.init(seed: seed, suppliers: suppliers, items: items, contracts: contracts, contractsByChain: byChain)
    }

    /// Zone registers for a third of the suppliers, 10012 and 10017 among them.
    static func hasZoneRegister(_ participantNumber: Int) -> Bool {
        participantNumber % 6 == 3 || participantNumber % 6 == 4
    }

    /// Items per supplier, varied but summing to `itemCount`.
    private static func itemCounts(_ random: inout SeededGenerator) -> [Int] {
        let base = itemCount / supplierCount
        var counts = [Int](repeating: base, count: supplierCount)
        for index in 0..<(itemCount - base * supplierCount) { counts[index] += 1 }
        for pair in stride(from: 0, to: supplierCount - 1, by: 2) {
            let shift = random.int(0...40)
            counts[pair] += shift
            counts[pair + 1] -= shift
        }
        return counts
    }

    private static func supplierName(_ random: inout SeededGenerator) -> String {
        let words = NorwegianWords.self
        return "\(random.pick(words.supplierPrefixes))\(random.pick(words.supplierSuffixes)) \(random.pick(words.trades)) \(random.pick(words.legalForms))"
    }

    /// Three to five zones, each made of two postal-code ranges that together cover 0001–9999.
    private static func zoneRegister(_ random: inout SeededGenerator) -> [Zone] {
        let zoneCount = random.int(3...5)
        var cuts = Set<Int>()
        while cuts.count < zoneCount * 2 - 1 { cuts.insert(random.int(2...99) * 100) }
        let bounds = [1] + cuts.sorted() + [10000]
        var ranges = [[Zone.PostalCodeRange]](repeating: [], count: zoneCount)
        for segment in 0..<(bounds.count - 1) {
            ranges[segment % zoneCount].append(Zone.PostalCodeRange(from: bounds[segment], to: bounds[segment + 1] - 1))
        }
        return (0..<zoneCount).map { index in
            Zone(
                zoneId: index + 1,
                name: "Sone \(index + 1) \(NorwegianWords.zoneRegions[index % NorwegianWords.zoneRegions.count])",
                postalCodes: ranges[index])
        }
    }

    private static func contract(
        id: Int, supplierIndex: Int, client: SimulatorClient, ordinal: Int, count: Int, random: inout SeededGenerator
    ) -> Contract {
        let participantNumber = firstSupplier + supplierIndex
        let lastModifiedCap = Day(2026, 10, 31)
        let createdDay = Day(2023, 1, 2) + random.int(0...1270)
        let sentDay = createdDay + random.int(0...3)
        let approvedDay = sentDay + random.int(0...10)
        let lastModifiedDay = min(approvedDay + random.int(0...400), lastModifiedCap)
        func stamp(_ day: Day) -> Timestamp {
            Timestamp(day: day, secondOfDay: random.int(21_600...64_800), hundredths: random.int(0...99))
        }
        let created = stamp(createdDay)
        let sent = max(stamp(sentDay), created)
        let approved = max(stamp(approvedDay), sent)
        let lastModified = max(stamp(lastModifiedDay), approved)
        let from = approvedDay.firstOfNextMonth
        var to: Day? = nil
        let validity = random.unit()
        if validity >= 0.7 && validity < 0.85 {
            to = random.chance(0.5) ? Day(2027, 12, 31) : Day(2028, 6, 30)
        } else if validity >= 0.85 && ordinal < count - 1 {
            // Expired agreements; the newest one of each supplier stays valid.
            let end = from + random.int(90...365)
            to = end < Day(2026, 10, 1) ? end : nil
        }
        let receiver: Int
        if let stores = client.stores, random.chance(0.1) {
            receiver = random.int(stores)
        } else {
            receiver = client.participantNumber
        }
        let emptyContract = participantNumber == supplierWithEmptyContract && ordinal == 0 && client.clientID == "demo"
        return Contract(
            contractId: id,
            supplierIndex: supplierIndex,
            receiverParticipantNumber: receiver,
            created: created, sent: sent, approved: approved, lastModified: lastModified,
            from: from, to: to,
            textIndex: random.int(0...999),
            conditionCount: emptyContract ? 0 : random.int(4...17),
            profile: participantNumber == supplierWithInactiveConditions ? .inactiveAndExpired : .ordinary)
    }
}
