/// Namespace URIs of the customs message family.
public enum CEBNamespace {
    /// Business messages: `CEB311Message`, `CEB622Message`, …
    public static let ceb = "http://www.chinaport.gov.cn/ceb"
    /// The DXP transport envelope (`DxpMsg`, `DxpRep`).
    public static let dxp = "http://www.chinaport.gov.cn/dxp"
    /// W3C XML Signature (`ds:Signature`).
    public static let xmldsig = "http://www.w3.org/2000/09/xmldsig#"
}
