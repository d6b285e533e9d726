using MaritimeCoord.Contracts.Auth;
using MaritimeCoord.Server.Features.Intake;
using Microsoft.Extensions.DependencyInjection;

namespace MaritimeCoord.BrowserTests;

/// <summary>
/// The console's "Held reports" panel (js/intake.js): reports the intake held for review arrive live (the intake's own
/// processor, its outbox event through the real bus and hub), show the original text, sender and what is missing; the
/// operator logs one as a sighting with the position it lacked, and discards the other with a reason.
/// </summary>
[Collection(ConsoleCollection.Name)]
public sealed class IntakePanelTests(ConsoleFixture fixture)
{
    [Fact]
    public async Task A_held_report_arrives_live_and_is_resolved_into_a_sighting_and_another_is_discarded()
    {
        await using var console = await ConsolePage.OpenAsync(fixture, fixture.Token(MaritimeRoles.Operator, "JRCC-AUS"), waitReady: false);
        var page = console.Page;
        try
        {
            await console.WaitAsync("() => document.body.dataset.ready === 'true'", 90_000);
        }
        catch (TimeoutException)
        {
            Assert.Fail($"the console did not start: {string.Join(" | ", console.Errors)} {await page.EvaluateAsync<string>("() => document.querySelector('#events')?.textContent ?? ''")}");
        }
        await console.WaitAsync("() => window.mcoord.hubConnected");
        Assert.False(await page.IsHiddenAsync("[data-testid=intake-panel]"));

        var run = Guid.NewGuid().ToString("N")[..8];
        var first = await HoldAsync($"sms-{run}-1", "+61400000001 (browser test)", $"Boat {run} with 30 people, engine dead, please help");
        var second = await HoldAsync($"sms-{run}-2", "+61400000002 (browser test)", $"Test message {run} please ignore");
        Assert.Equal(IntakeStatuses.Review, first.Status);
        Assert.Equal(IntakeStatuses.Review, second.Status);

        var item1 = $"[data-testid=intake-item][data-id=\"{first.MessageId}\"]";
        var item2 = $"[data-testid=intake-item][data-id=\"{second.MessageId}\"]";
        await console.WaitAsync($"() => !!document.querySelector('{item1}') && !!document.querySelector('{item2}')");
        Assert.Contains($"Boat {run} with 30 people", await page.TextContentAsync($"{item1} [data-testid=intake-body]"));
        Assert.Contains("+61400000001", await page.TextContentAsync(item1));
        Assert.Contains("a position (none found)", await page.TextContentAsync($"{item1} [data-testid=intake-needs]"));

        // Resolve: an impossible position is refused by field, then the real one is logged as a sighting.
        await page.ClickAsync($"{item1} [data-testid=intake-resolve]");
        await page.FillAsync($"{item1} [data-testid=intake-position]", "95 00 S 112 24 E");
        await page.ClickAsync($"{item1} [data-testid=intake-submit]");
        await console.WaitAsync($"() => document.querySelector('{item1} [data-testid=intake-error-position]').textContent.length > 0");
        await page.FillAsync($"{item1} [data-testid=intake-position]", "10°36.0'S 112°24.0'E");
        await page.FillAsync($"{item1} [data-testid=intake-pob]", "30");
        await page.FillAsync($"{item1} [data-testid=intake-description]", "Blue wooden boat, about 12 m");
        await page.ClickAsync($"{item1} [data-testid=intake-submit]");
        await console.WaitAsync($"() => !document.querySelector('{item1}')");
        Assert.Equal("resolved", await fixture.ScalarAsync<string>("SELECT status FROM intake_messages WHERE id = @id", ("id", first.MessageId)));
        Assert.Equal(30, await fixture.ScalarAsync<int>("""
            SELECT s.persons_on_board FROM intake_messages m JOIN sightings s ON s.id = m.sighting_id WHERE m.id = @id
            """, ("id", first.MessageId)));

        // Discard: a reason is required.
        await page.ClickAsync($"{item2} [data-testid=intake-discard]");
        await page.ClickAsync($"{item2} [data-testid=intake-submit]");
        Assert.Equal("Give a reason.", await page.TextContentAsync($"{item2} [data-testid=intake-error-reason]"));
        await page.FillAsync($"{item2} [data-testid=intake-reason]", "Test message, not a report");
        await page.ClickAsync($"{item2} [data-testid=intake-submit]");
        await console.WaitAsync($"() => !document.querySelector('{item2}')");
        Assert.Equal("discarded", await fixture.ScalarAsync<string>("SELECT status FROM intake_messages WHERE id = @id", ("id", second.MessageId)));
        // The impossible position's refusal (a validation problem, 400) is the only failed request.
        Assert.True(!console.UnexpectedErrors("status of 400").Any(), string.Join(" | ", console.UnexpectedErrors("status of 400")));
    }

    private async Task<IntakeOutcome> HoldAsync(string externalId, string sender, string body)
    {
        await using var scope = fixture.Services.CreateAsyncScope();
        var processor = scope.ServiceProvider.GetRequiredService<IntakeProcessor>();
        return await processor.ProcessAsync(new IntakeMessage("sms", externalId, "JRCC-AUS", sender, DateTimeOffset.UtcNow, body, null), CancellationToken.None);
    }
}
