using System.Reflection;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace SpikeSeg.Host.Dashboard;

/// <summary>
/// The dashboard's HTTP surface: the page and its script and style (embedded in the assembly, nothing from
/// elsewhere), <c>/dashboard/ws</c> for the pushed updates and <c>/dashboard/status</c>. The caller must have added
/// <c>UseWebSockets()</c>.
/// </summary>
internal static class DashboardEndpoints
{
    public const string PagePath = "/dashboard";

    public const string SocketPath = "/dashboard/ws";

    // The page may load only its own script and style and talk only to its own origin (ws: included).
    private const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static void Map(IEndpointRouteBuilder app, DashboardHub hub)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(hub);
        var page = Asset("index.html");
        var script = Asset("dashboard.js");
        var style = Asset("dashboard.css");
        app.MapGet("/", () => Results.Redirect(PagePath));
        app.MapGet(PagePath, (HttpContext ctx) => Serve(ctx, page, "text/html; charset=utf-8"));
        app.MapGet(PagePath + "/dashboard.js", (HttpContext ctx) => Serve(ctx, script, "text/javascript; charset=utf-8"));
        app.MapGet(PagePath + "/dashboard.css", (HttpContext ctx) => Serve(ctx, style, "text/css; charset=utf-8"));
        app.MapGet(PagePath + "/status", () => Results.Text(JsonSerializer.Serialize(hub.Status(), Json), "application/json"));
        app.Map(SocketPath, async (HttpContext ctx) =>
        {
            if (!ctx.WebSockets.IsWebSocketRequest)
            {
                return Results.BadRequest("WebSocket only");
            }

            if (!SameOrigin(ctx.Request))
            {
                // Another site open in the same browser must not read the stream (cross-site WebSocket hijacking).
                return Results.StatusCode(StatusCodes.Status403Forbidden);
            }

            using var socket = await ctx.WebSockets.AcceptWebSocketAsync().ConfigureAwait(false);
            await hub.RunClientAsync(socket, ctx.RequestAborted).ConfigureAwait(false);
            return Results.Empty;
        });
    }

    /// <summary>A browser always sends Origin on a WebSocket handshake; it must name the host it connects to.</summary>
    internal static bool SameOrigin(HttpRequest request)
    {
        string? origin = request.Headers.Origin;
        if (string.IsNullOrEmpty(origin))
        {
            return true; // not a browser (curl, tests): no ambient credentials to abuse
        }

        return Uri.TryCreate(origin, UriKind.Absolute, out var uri)
            && string.Equals(uri.Authority, request.Host.Value, StringComparison.OrdinalIgnoreCase);
    }

    private static IResult Serve(HttpContext ctx, byte[] body, string contentType)
    {
        ctx.Response.Headers.ContentSecurityPolicy = ContentSecurityPolicy;
        ctx.Response.Headers.XContentTypeOptions = "nosniff";
        ctx.Response.Headers.CacheControl = "no-cache";
        return Results.Bytes(body, contentType);
    }

    private static byte[] Asset(string name)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("SpikeSeg.Dashboard." + name)
            ?? throw new InvalidOperationException($"dashboard asset {name} is not embedded");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
