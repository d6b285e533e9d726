using System.Text.Json;
using System.Text.RegularExpressions;
using MaritimeCoord.Contracts.Auth;
using Microsoft.Playwright;

namespace MaritimeCoord.BrowserTests;

/// <summary>
/// The console in Bahasa Indonesia (BASARNAS and the liaison officers in Indonesian ports): chosen from the browser's
/// language, then per user and remembered; the liaison sighting form complete (labels, hints, errors in the officer's
/// words, the offline queue); times in the language, coordinates with the point and N/S/E/W in every language.
/// </summary>
[Collection(ConsoleCollection.Name)]
public sealed partial class I18nTests(ConsoleFixture fixture)
{
    private static string WwwRoot()
    {
        var dir = AppContext.BaseDirectory;
        while (dir is not null && !File.Exists(Path.Combine(dir, "MaritimeCoord.sln"))) dir = Path.GetDirectoryName(dir);
        return Path.Combine(dir ?? throw new InvalidOperationException("repository root not found"), "src", "MaritimeCoord.Server", "wwwroot");
    }

    /// <summary>English strings whose Indonesian differs: none of them may be seen on a screen shown in Indonesian.</summary>
    private static string EnglishOnly()
    {
        var en = JsonSerializer.Deserialize<Dictionary<string, string>>(File.ReadAllText(Path.Combine(WwwRoot(), "i18n", "en.json")))!;
        var id = JsonSerializer.Deserialize<Dictionary<string, string>>(File.ReadAllText(Path.Combine(WwwRoot(), "i18n", "id.json")))!;
        return JsonSerializer.Serialize(en.Where(kv => id[kv.Key] != kv.Value && !kv.Value.Contains("{{", StringComparison.Ordinal))
            .Select(kv => kv.Value).ToList());
    }

    /// <summary>
    /// Visible text (and placeholder/title/aria-label, and the options of visible selects) under the selectors that is
    /// an English string of en.json, or has an English function word: a hard-coded string no key covers shows up too.
    /// </summary>
    private static async Task<List<string>> EnglishLeftAsync(IPage page, params string[] selectors)
    {
        var found = await page.EvaluateAsync<string[]>("""
            ([selectors, english]) => {
              const englishSet = new Set(english.map(s => s.trim().toLowerCase()));
              const long = english.filter(s => s.length >= 16);
              const words = /\b(the|and|with|from|this|is|are|of|to|on|at|not|or)\b/i;
              const bad = [];
              const judge = (text, where) => {
                const s = text.replace(/\s+/g, ' ').trim();
                if (!/\p{L}{2}/u.test(s)) return;
                if (englishSet.has(s.toLowerCase()) || long.some(e => s.includes(e)) || words.test(s)) bad.push(`${where}: ${s}`);
              };
              const visible = (el) => !!el && el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden';
              for (const root of selectors.flatMap(sel => [...document.querySelectorAll(sel)])) {
                if (!visible(root)) continue;
                const walk = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
                for (let n = walk.nextNode(); n; n = walk.nextNode()) {
                  const el = n.parentElement;
                  // lang="en": text the server writes in English with no message code (timeline summaries, SITREP) on purpose.
                  if (el.closest('option, code, #sf-zone, .maplibregl-ctrl-attrib, [lang=en]') || !visible(el)) continue;
                  judge(n.textContent, el.id || el.dataset.testid || el.tagName);
                }
                for (const el of root.querySelectorAll('[placeholder], [title], [aria-label]')) {
                  if (!visible(el) || el.closest('#sf-zone, [lang=en]')) continue;
                  for (const a of ['placeholder', 'title', 'aria-label']) if (el.hasAttribute(a)) judge(el.getAttribute(a), `${el.id || el.tagName}@${a}`);
                }
                for (const select of root.querySelectorAll('select:not(#sf-zone)')) {
                  if (!visible(select)) continue;
                  for (const o of select.options) if (!o.closest('[lang=en]')) judge(o.textContent, `${select.id} option`);
                }
              }
              return bad;
            }
            """, new object[] { selectors, JsonSerializer.Deserialize<string[]>(EnglishOnly())! });
        return [.. found];
    }

    [Fact]
    public async Task The_sighting_form_is_complete_in_Indonesian_and_the_choice_is_remembered_per_user()
    {
        await using var console = await ConsolePage.OpenAsync(fixture, fixture.Token(MaritimeRoles.Liaison, "BASARNAS-IDN", "Siti Rahayu"),
            ConsolePage.Phone, locale: "id-ID");
        var page = console.Page;

        // The browser's language decides before the user has chosen.
        Assert.Equal("id", await page.GetAttributeAsync("html", "lang"));
        Assert.Equal("Catat laporan pengamatan", await page.TextContentAsync("#sighting-panel h2"));
        Assert.Equal("id", await page.InputValueAsync("[data-testid=language]"));
        Assert.True(await page.EvaluateAsync<bool>("() => { const n = document.querySelector('#user .user-name'); return n.scrollWidth <= n.clientWidth && n.getBoundingClientRect().width > 40; }"));
        Assert.Empty(await EnglishLeftAsync(page, "header", "aside"));
        await Screenshots.TakeAsync(page, "sighting-form-phone-id.png");

        // Errors in the officer's words and language: the parser's, the rules', the time's.
        await page.FillAsync("[data-testid=sf-position]", "95°00.0'N 114°30.2'E");
        await page.PressAsync("[data-testid=sf-position]", "Tab");
        Assert.Equal("Lintang harus dalam 90° dari khatulistiwa.", await page.TextContentAsync("[data-testid=error-position]"));
        await page.FillAsync("[data-testid=sf-position]", "1.2.3, 114");
        await page.PressAsync("[data-testid=sf-position]", "Tab");
        Assert.Equal("'1.2.3' bukan angka.", await page.TextContentAsync("[data-testid=error-position]"));
        await page.FillAsync("[data-testid=sf-pob]", "-3");
        await page.FillAsync("[data-testid=sf-time]", DateTime.UtcNow.AddDays(2).ToString("yyyy-MM-dd'T'HH:mm", System.Globalization.CultureInfo.InvariantCulture));
        await page.SelectOptionAsync("[data-testid=sf-zone]", "+00:00");
        await page.FillAsync("[data-testid=sf-reporter]", "");
        await page.ClickAsync("[data-testid=sf-submit]");
        Assert.Equal("Jumlah orang di kapal tidak boleh kurang dari 0.", await page.TextContentAsync("[data-testid=error-pob]"));
        Assert.Equal("Waktu ini ada di masa depan. Periksa tanggal, jam (format 24 jam) dan zona waktunya.", await page.TextContentAsync("[data-testid=error-time]"));
        Assert.Equal("Jelaskan perahunya: pilih jenisnya atau tulis seperti apa perahu itu.", await page.TextContentAsync("[data-testid=error-description]"));
        Assert.Equal("Isi siapa yang melaporkan: nama atau tanda panggil.", await page.TextContentAsync("[data-testid=error-reporter]"));
        await page.FillAsync("[data-testid=sf-time]", "2026-02-30 10:00");
        await page.PressAsync("[data-testid=sf-time]", "Tab");
        Assert.Equal("Tanggal harus 01 sampai 28 pada bulan itu.", await page.TextContentAsync("[data-testid=error-time]"));
        Assert.Empty(await EnglishLeftAsync(page, "header", "aside"));
        await Screenshots.TakeAsync(page, "sighting-form-errors-phone-id.png");

        // Coordinates keep the decimal point and N/S/E/W in every language (the parser reads a comma as the separator
        // between latitude and longitude); the time echo is in the language, 24-hour, with its zone.
        await page.FillAsync("[data-testid=sf-position]", "S 08 12.5 E 114 30.2");
        Assert.Equal("= 08°12.500'S 114°30.200'E", await page.TextContentAsync("[data-testid=sf-position-preview]"));
        await page.FillAsync("[data-testid=sf-time]", "2026-12-07 14:30");
        Assert.Equal("= 7 Des 2026 14.30 UTC", await page.TextContentAsync("[data-testid=sf-time-preview]"));

        // A server's problem details name the API's fields: told in Indonesian by field.
        await page.RouteAsync("**/api/sightings", route => route.FulfillAsync(new()
        {
            Status = 400, ContentType = "application/problem+json",
            Body = """{"title":"One or more validation errors occurred.","status":400,"errors":{"boatDescription":["boatDescription is longer than 1000 characters."],"personsOnBoard":["personsOnBoard is above 5000."],"positionText":["positionText could not be read."]}}""",
        }));
        await page.FillAsync("[data-testid=sf-time]", DateTime.UtcNow.AddMinutes(-10).ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture));
        await page.FillAsync("[data-testid=sf-pob]", "12");
        await page.SelectOptionAsync("[data-testid=sf-boat-type]", "Wooden boat");
        await page.FillAsync("[data-testid=sf-reporter]", "Petugas penghubung Banyuwangi");
        await page.ClickAsync("[data-testid=sf-submit]");
        await page.WaitForSelectorAsync("[data-testid=error-description]:not(:empty)");
        Assert.Equal("Keterangan perahu terlalu panjang: paling banyak 1000 karakter.", await page.TextContentAsync("[data-testid=error-description]"));
        Assert.Equal("Jumlah orang di kapal paling banyak 5000.", await page.TextContentAsync("[data-testid=error-pob]"));
        Assert.Equal("Posisi tidak dapat dibaca.", await page.TextContentAsync("[data-testid=error-position]"));

        // No link: kept on the device, said in Indonesian, with the outbox's plural.
        await page.UnrouteAsync("**/api/sightings");
        await page.RouteAsync("**/api/sightings", route => route.AbortAsync());
        await page.ClickAsync("[data-testid=sf-submit]");
        await page.WaitForSelectorAsync("[data-testid=sf-result].queued");
        Assert.Equal("Tidak ada sambungan: laporan disimpan di perangkat ini dan akan dikirim otomatis saat sambungan kembali.",
            await page.TextContentAsync("[data-testid=sf-result]"));
        var queued = (await page.TextContentAsync("#outbox-list li"))!;
        Assert.StartsWith("S 08 12.5 E 114 30.2 · Wooden boat · diantrekan ", queued, StringComparison.Ordinal);
        Assert.EndsWith(" · 1 kali percobaan", queued, StringComparison.Ordinal);
        Assert.Matches(IndonesianTime(), queued.Split(" · ")[2]["diantrekan ".Length..]);
        Assert.Empty(await EnglishLeftAsync(page, "header", "#sighting-panel form", "#outbox h3", "#outbox p"));
        await page.Locator("[data-testid=outbox]").ScrollIntoViewIfNeededAsync();
        await Screenshots.TakeAsync(page, "sighting-form-offline-phone-id.png");
        Assert.Empty(await page.EvaluateAsync<string[]>("() => [...window.mcoord.i18n.missing]"));

        // The officer switches to English: remembered for this user on this device, over the browser's Indonesian.
        await page.SelectOptionAsync("[data-testid=language]", "en");
        await page.WaitForSelectorAsync("html[lang=en]");
        await page.WaitForSelectorAsync("body[data-ready=true]");
        Assert.Equal("Log a sighting", await page.TextContentAsync("#sighting-panel h2"));
        Assert.Equal("en", await page.EvaluateAsync<string>("() => localStorage.getItem('mcoord.lang.liaison@BASARNAS-IDN')"));
        await page.ReloadAsync();
        await page.WaitForSelectorAsync("body[data-ready=true]");
        Assert.Equal("en", await page.GetAttributeAsync("html", "lang"));
        Assert.Empty(console.UnexpectedErrors("400", "ERR_FAILED"));
    }

    [Fact]
    public async Task A_BASARNAS_operator_sees_the_console_in_Indonesian_with_times_in_the_language()
    {
        await fixture.PostSightingAsync(-9.2, 118.9, "Perahu kayu biru", 30, "overloaded");
        await using var console = await ConsolePage.OpenAsync(fixture, fixture.Token(MaritimeRoles.Operator, "BASARNAS-IDN", "Operator Jakarta"),
            locale: "id-ID");
        var page = console.Page;
        Assert.Equal("id", await page.GetAttributeAsync("html", "lang"));
        await page.WaitForSelectorAsync("[data-testid=incidents] li");
        await console.WaitAsync("() => document.body.dataset.painted === 'true'");
        Assert.Equal("Insiden", await page.TextContentAsync("[data-testid=view-incidents]"));
        Assert.Empty(await EnglishLeftAsync(page, "header", "#legend", "#incidents-panel .filters", "#views", ".map-tools", "#cursor"));

        // Every time in an incident's panel: "7 Des 2026 19.05 UTC" (day, month name, year, 24-hour, zone), never ISO or 12-hour.
        await page.ClickAsync("[data-testid=incidents] li");
        await page.WaitForSelectorAsync("[data-testid=panel-timeline] time[datetime]");
        var times = await page.EvaluateAsync<string[]>("() => [...document.querySelectorAll('#incident-panel time[datetime]')].map(t => t.textContent)");
        Assert.NotEmpty(times);
        Assert.All(times, t => Assert.Matches(IndonesianTime(), t));

        // The incident panel, every section open: no English left but the server's uncoded texts (marked lang="en").
        Assert.Equal("Fase", await page.TextContentAsync("#incident-panel details:has([data-testid=phase-form]) > summary"));
        await page.EvaluateAsync("() => document.querySelectorAll('#incident-panel details').forEach(d => d.open = true)");
        Assert.Empty(await EnglishLeftAsync(page, "#incident-panel"));
        var labels = await page.EvaluateAsync<string[]>("() => [...document.querySelectorAll('#incident-panel summary, #incident-panel dt, #incident-panel button, #incident-panel label')].map(e => e.textContent.trim())");
        Assert.Contains("Indikator bahaya", string.Join("|", labels), StringComparison.Ordinal);
        Assert.DoesNotContain("Persons on board", labels);

        // The Drift / Search tab, its forms open: no English left but the Leeway classes' own descriptions (lang="en").
        await page.ClickAsync("[data-testid=tab-search]");
        await page.WaitForSelectorAsync("#search-panel [data-testid=drift-form]");
        Assert.Equal("Simulasi hanyut baru", await page.TextContentAsync("#search-panel [data-testid=drift-form-block] > summary"));
        await page.EvaluateAsync("() => document.querySelectorAll('#search-panel details').forEach(d => d.open = true)");
        Assert.Empty(await EnglishLeftAsync(page, "#search-panel"));
        // The form's own checks answer in Indonesian too (nothing is sent).
        await page.FillAsync("[data-testid=drift-time]", "besok pagi");
        await page.ClickAsync("[data-testid=drift-start]");
        Assert.Equal("Tulis waktu sebagai YYYY-MM-DD HH:MM dalam format 24 jam UTC, mis. 2026-12-07 06:00.",
            await page.TextContentAsync("[data-error-for='seeding.time']"));
        Assert.Empty(await EnglishLeftAsync(page, "#search-panel"));
        Assert.Empty(await page.EvaluateAsync<string[]>("() => [...window.mcoord.i18n.missing]"));
        Assert.Empty(console.UnexpectedErrors());
    }

    [Fact]
    public async Task The_servers_texts_in_an_incident_workspace_are_said_in_Indonesian()
    {
        // A boat in BASARNAS's own region; the operator records two distress indicators.
        var posted = await fixture.PostSightingAsync(-9.35, 118.6, "Perahu kayu biru, 15 m", 45, "overloaded");
        var reference = posted.GetProperty("incidentReference").GetString()!;
        await using var console = await ConsolePage.OpenAsync(fixture, fixture.Token(MaritimeRoles.Operator, "BASARNAS-IDN", "Operator Jakarta"),
            locale: "id-ID");
        var page = console.Page;
        await page.WaitForSelectorAsync($"[data-testid=incidents] li[data-reference='{reference}']", new() { Timeout = 20_000 });
        await page.ClickAsync($"[data-testid=incidents] li[data-reference='{reference}']");
        await page.WaitForSelectorAsync($"[data-testid=panel-reference]:has-text('{reference}')");
        await page.ClickAsync("[data-testid=indicators-block] summary");
        await page.CheckAsync("[data-testid=indicator-overloaded]");
        await page.CheckAsync("[data-testid=indicator-children-on-board]");
        await page.FillAsync("[data-testid=indicators-reason]", "Laporan nelayan: perahu penuh, ada anak-anak");
        await page.ClickAsync("[data-testid=indicators-save]");
        await page.WaitForSelectorAsync("[data-testid=assessment-phase]:has-text('siaga')");
        await page.ClickAsync("[data-testid=responders-load]");
        await page.WaitForSelectorAsync("[data-testid=responders-table]");

        // The assessment, the jurisdiction note, the handover advice and the responders' ETA and fix age: said in
        // Indonesian from their message codes, none left in the server's English.
        const string serverTexts = "[data-testid=panel-assessment], [data-testid=panel-jurisdiction], [data-testid=handover-advice], [data-testid=responders-table]";
        Assert.Equal(0, await page.Locator($":is({serverTexts}) [lang=en], :is({serverTexts})[lang=en]").CountAsync());
        Assert.StartsWith("Disarankan fase siaga (ALERFA), skor 3: kelebihan muatan untuk jenis dan kondisinya (+2); ada anak-anak di atas kapal (+1).",
            await page.TextContentAsync("[data-testid=assessment-explanation]"), StringComparison.Ordinal);
        Assert.Matches(@"^(Di dalam .+\.|Dalam 30 nm dari batas wilayah SAR yang hanya perkiraan: pastikan dengan pusat tetangga\.)$",
            await page.TextContentAsync("[data-testid=jurisdiction-note]"));
        Assert.StartsWith("Posisi terakhir berada di ", await page.TextContentAsync("[data-testid=handover-advice]"), StringComparison.Ordinal);
        var etas = await page.Locator("[data-testid=responder-eta]").AllTextContentsAsync();
        Assert.NotEmpty(etas);
        Assert.All(etas, e => Assert.Matches(@"^\d+\sj\s\d\d\smnt$|^\d+\smnt\s\d\d\sdtk$", e));
        Assert.All(await page.Locator("[data-testid=responder-age]").AllTextContentsAsync(),
            a => Assert.Matches(@"^\d+\s(j\s\d\d\smnt|mnt\s\d\d\sdtk)", a));
        Assert.Empty(await EnglishLeftAsync(page, serverTexts));
        // "Tugaskan" (Task) stays whole inside its column.
        var overflowing = await page.EvaluateAsync<string[]>("""
            () => [...document.querySelectorAll('[data-testid=responders-table] button[data-action=task]')].filter(b =>
              b.getBoundingClientRect().right > b.closest('table').getBoundingClientRect().right + 0.5 || b.getBoundingClientRect().height > 30)
              .map(b => JSON.stringify([b.getBoundingClientRect(), b.closest('td').getBoundingClientRect(), b.closest('table').getBoundingClientRect().right]))
            """);
        Assert.True(overflowing.Length == 0, string.Join("\n", overflowing));
        // The workspace from its top, the indicators form folded: the assessment, the note and the advice in view.
        await page.ClickAsync("[data-testid=indicators-block] summary");
        await page.EvaluateAsync("() => { for (let el = document.getElementById('incident-panel'); el; el = el.parentElement) el.scrollTop = 0; }");
        await Screenshots.TakeAsync(page, "console-desktop-id.png");

        // A code this console does not know (a newer server): the English text, marked lang="en".
        var fallback = await page.EvaluateAsync<string>("""
            async () => String((await import('/js/messages.js')).serverText({ code: 'assessment.fromTheFuture', args: {} }, 'Suggests alert.'))
            """);
        Assert.Equal("<span lang=\"en\">Suggests alert.</span>", fallback);

        // The Leeway classes in the drift form: described in Indonesian, the English only as the data's fallback.
        await page.ClickAsync("[data-testid=tab-search]");
        await page.WaitForSelectorAsync("#search-panel [data-testid=drift-form]");
        Assert.StartsWith("PIW-1 — Orang di air (PIW)", (await page.TextContentAsync("[data-testid=drift-object] option[value='PIW-1']"))!.Trim(), StringComparison.Ordinal);
        Assert.Equal(0, await page.Locator("[data-testid=drift-object] option[lang=en]").CountAsync());
        Assert.Empty(await page.EvaluateAsync<string[]>("() => [...window.mcoord.i18n.missing]"));
        Assert.Empty(console.UnexpectedErrors());
    }

    [GeneratedRegex(@"^\d{1,2} (Jan|Feb|Mar|Apr|Mei|Jun|Jul|Agu|Sep|Okt|Nov|Des) \d{4} \d\d\.\d\d(\.\d\d)? UTC(\+\d\d:\d\d)?$")]
    private static partial Regex IndonesianTime();
}
