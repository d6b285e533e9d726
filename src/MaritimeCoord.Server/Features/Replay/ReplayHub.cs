using System.Runtime.CompilerServices;
using MaritimeCoord.Server.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;

namespace MaritimeCoord.Server.Features.Replay;

/// <summary>
/// Synchronised replay for analysts (and operators, of their incidents). <see cref="Stream"/> plays a window from a
/// start instant at a speed; the client seeks, pauses or changes speed by cancelling the stream and starting another
/// (the server keeps no session, so nothing leaks when a browser goes away). <see cref="PictureAt"/> answers one
/// snapshot, for dragging the time slider while paused. Cancelling the stream, or disconnecting, cancels its query.
/// </summary>
[Authorize(Policy = Policies.ReadIncidents)]
public sealed class ReplayHub(ReplayPlanner planner, ReplayPlayer player) : Hub
{
    public const string Path = "/hubs/replay";

    public async IAsyncEnumerable<ReplayFrame> Stream(ReplayRequest request, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var plan = await PlanAsync(request, cancellationToken);
        await foreach (var frame in player.PlayAsync(plan, firstFrameOnly: false, cancellationToken))
            yield return frame;
    }

    public async Task<ReplayFrame> PictureAt(ReplayRequest request)
    {
        var ct = Context.ConnectionAborted;
        var plan = await PlanAsync(request, ct);
        await foreach (var frame in player.PlayAsync(plan, firstFrameOnly: true, ct))
            return frame;
        throw new HubException("No picture."); // unreachable: the first frame is always produced
    }

    private async Task<ReplayPlan> PlanAsync(ReplayRequest? request, CancellationToken ct)
    {
        if (request is null) throw new HubException("request: a replay request is required.");
        var (plan, refusal) = await planner.PlanAsync(request, Context.User!, ct);
        // HubException messages reach the client: they name the field, as the HTTP API's problem details do.
        return plan ?? throw new HubException(refusal!.Message);
    }
}
