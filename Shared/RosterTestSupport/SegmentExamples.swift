/// Segment definitions the tests and the benchmark share.
public enum SegmentExamples {
    /// The model case of DESIGN.md, word for word: contacts in China created in the last 7 days who submitted the
    /// "member registration" form with name and e-mail set, or scanned its QR code.
    public static let modelCase = """
        {"name": "New members in China", "type": "standard", "clusters": [
          {"join": "and", "conditions": [
            {"attribute": "location", "op": "equals", "value": "China"},
            {"attribute": "created_at", "op": "within_last_days", "value": 7}]},
          {"join": "or", "conditions": [
            {"event": "form_submit", "did": true, "where": {"join": "and", "conditions": [
              {"property": "form", "op": "equals", "value": "member registration"},
              {"property": "name", "op": "is_set"}, {"property": "email", "op": "is_set"}]}},
            {"event": "wechat_qr_scan", "did": true, "where": {"join": "and", "conditions": [
              {"property": "qr_code", "op": "equals", "value": "member registration"}]}}]}]}
        """
}
