using System.Text.Json.Serialization;
using Tuner.Contracts.Collections;
using Tuner.Contracts.Results;

namespace Tuner.Contracts.Protocol;

/// <summary>What the dashboard asks a job for besides results.json, so a page stays small at 100,000 trials: learning
/// curves summarized, every trial's point without history, and trials pushed as they change.</summary>
public static class DashboardProtocol
{
    /// <summary>The best <paramref name="Best"/> trials' curves of <paramref name="Metric"/> and the quantile band;
    /// <paramref name="All"/>: every trial's curve; <paramref name="Include"/>: these trials' curves too. Answered with <see cref="JobCurves"/>.</summary>
    public sealed record GetCurves(string JobId, int Best, string Metric, bool All = false, ValueList<string>? Include = null) : ITunerMessage, IWithJobId;

    public sealed record JobCurves(LearningCurves Curves) : ITunerMessage;

    /// <summary>Every trial without its history, column by column; answered with <see cref="JobTrialPoints"/>.</summary>
    public sealed record GetTrialPoints(string JobId) : ITunerMessage, IWithJobId;

    public sealed record JobTrialPoints(TrialColumns Points) : ITunerMessage;

    /// <summary>Pushed to a job's subscribers (<see cref="JobProtocol.SubscribeJob"/>) with its summaries: the trials that
    /// changed (results.json's trial objects without history) since the push that had version <paramref name="Since"/>,
    /// now at <paramref name="Version"/> (the job's journal sequence number). A subscriber that missed one sees a
    /// <paramref name="Since"/> other than the version it has, and fetches afresh.</summary>
    public sealed record JobTrialsChanged(
        [property: JsonPropertyName("jobId")] string JobId,
        [property: JsonPropertyName("since")] long Since,
        [property: JsonPropertyName("version")] long Version,
        [property: JsonPropertyName("trials")] ValueList<TrialResult> Trials) : ITunerMessage;
}
