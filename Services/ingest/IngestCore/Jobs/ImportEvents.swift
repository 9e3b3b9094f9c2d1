import RosterModel

/// The contact event an importable row becomes.
///
/// Add and delete rows get the id `import:<job>:<row>` and the job's start time, so a resumed import re-publishes
/// the same events, which the resolver applies once. Unsubscribe rows get `unsubscribe:<tenant>:<event_id>` and
/// their `create_time`: the file's own event id keeps re-uploads of the same file from applying twice, and the
/// tenant in it keeps two tenants' ids apart (applied ids are remembered across tenants).
enum ImportEvents {
    /// The event of one row of a job.
    static func event(for verdict: RowVerdict, of job: ImportJob, startedAt: String) -> ContactEvent {
        let content = verdict.content
        let source = "import:\(job.jobId)"
        if let channel = job.purpose.channel {
            return ContactEvent(
                id: "unsubscribe:\(job.tenant):\(content.eventID ?? "")", tenant: job.tenant, type: .subscription,
                occurredAt: content.occurredAt ?? startedAt, source: source, identifiers: content.identifiers,
                channel: channel, subscribed: false)
        }
        let id = "import:\(job.jobId):\(verdict.row)"
        if job.purpose == .delete {
            return ContactEvent(
                id: id, tenant: job.tenant, type: .delete, occurredAt: startedAt, source: source,
                identifiers: content.identifiers)
        }
        return ContactEvent(
            id: id, tenant: job.tenant, type: .upsert, occurredAt: startedAt, source: source,
            identifiers: content.identifiers, attributes: content.attributes.isEmpty ? nil : content.attributes,
            tags: job.tags.isEmpty ? nil : job.tags, hiddenTags: job.hiddenTags.isEmpty ? nil : job.hiddenTags,
            mode: job.mode)
    }
}
