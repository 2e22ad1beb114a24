import CEBMessages
import XMLSupport

/// The shape of an enveloped signature, with placeholder values, so the demo's inventory is
/// schema-valid. Real signing arrives with the Signing module; customs would reject this one.
enum DemoSignature {
    static var placeholder: XMLNode {
        func ds(_ name: String, _ children: [XMLNode] = [], text: String = "", attributes: [XMLAttribute] = []) -> XMLNode {
            XMLNode(name: name, namespace: CEBNamespace.xmldsig, prefix: "ds", attributes: attributes, children: children, text: text)
        }
        func algorithm(_ uri: String) -> [XMLAttribute] { [XMLAttribute(name: "Algorithm", value: uri)] }
        return ds("Signature", [
            ds("SignedInfo", [
                ds("CanonicalizationMethod", attributes: algorithm("http://www.w3.org/TR/2001/REC-xml-c14n-20010315")),
                ds("SignatureMethod", attributes: algorithm("http://www.w3.org/2000/09/xmldsig#rsa-sha1")),
                ds("Reference", [
                    ds("Transforms", [ds("Transform", attributes: algorithm("http://www.w3.org/2000/09/xmldsig#enveloped-signature"))]),
                    ds("DigestMethod", attributes: algorithm("http://www.w3.org/2000/09/xmldsig#sha1")),
                    ds("DigestValue", text: "AAAAAAAAAAAAAAAAAAAAAAAAAAA="),
                ], attributes: [XMLAttribute(name: "URI", value: "")]),
            ]),
            ds("SignatureValue", text: "AAAA"),
            ds("KeyInfo", [ds("KeyName", text: "demo"), ds("X509Data", [ds("X509Certificate", text: "AAAA")])]),
        ])
    }
}
