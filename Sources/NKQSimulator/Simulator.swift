import Hummingbird

/// Placeholder until the simulator lands.
public enum SimulatorInfo {
    public static let demoClientID = "demo"
}
