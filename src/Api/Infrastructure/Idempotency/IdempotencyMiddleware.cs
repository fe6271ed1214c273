using System.Collections.Immutable;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Mvc;
using Mobilize.Silo.Idempotency;
using Mobilize.Grains.Shared;

namespace Mobilize.Api.Infrastructure.Idempotency;

/// <summary>Makes every state-changing request that carries an <c>Idempotency-Key</c> safe to retry: the first
/// response is committed to the journal before the client sees it, so any answer a client received can be
/// replayed byte for byte; concurrent duplicates queue behind the first and replay its answer.</summary>
public sealed class IdempotencyMiddleware(
    RequestDelegate next,
    IIdempotencyStore store,
    KeyedLock locks,
    WallClock time,
    IProblemDetailsService problems)
{
    public const string HeaderName = "Idempotency-Key";
    public const string ReplayedHeaderName = "Idempotent-Replayed";
    public const int MaxKeyLength = 255;

    // Only these response headers describe the answer; the rest (Date, Server) belong to each delivery.
    private static readonly string[] KeptHeaders = ["Content-Type", "Location", "ETag"];

    public async Task InvokeAsync(HttpContext context)
    {
        if (!IsStateChanging(context.Request.Method) || context.GetEndpoint() is null
            || !context.Request.Headers.TryGetValue(HeaderName, out var values))
        {
            await next(context);
            return;
        }
        var key = values.ToString();
        if (values.Count != 1 || !IsValidKey(key))
        {
            await WriteProblemAsync(context, new HttpValidationProblemDetails(new Dictionary<string, string[]>
            {
                [HeaderName] = [$"must be 1 to {MaxKeyLength} visible ASCII characters, sent once"],
            }) { Status = StatusCodes.Status400BadRequest, Type = ProblemTypes.Validation, Title = "One or more fields are invalid." });
            return;
        }

        var scope = $"{context.Request.Method} {context.Request.PathBase}{context.Request.Path} {Caller(context)}";
        var hash = await HashRequestAsync(context.Request);
        using var held = await locks.AcquireAsync($"{scope}\n{key}", context.RequestAborted);
        if (await store.FindAsync(scope, key, context.RequestAborted) is { } first)
        {
            await ReplayOrRefuseAsync(context, first, hash);
            return;
        }
        await ExecuteAndRecordAsync(context, scope, key, hash);
    }

    private async Task ExecuteAndRecordAsync(HttpContext context, string scope, string key, ImmutableArray<byte> hash)
    {
        var original = context.Response.Body;
        using var buffer = new MemoryStream();
        context.Response.Body = buffer;
        try
        {
            await next(context);
            await context.Response.BodyWriter.FlushAsync(context.RequestAborted);
        }
        finally
        {
            context.Response.Body = original;
        }

        var response = context.Response;
        // A server failure is not an answer: the client should be able to retry it for real.
        if (response.StatusCode < 500)
        {
            var headers = KeptHeaders
                .Where(h => response.Headers.ContainsKey(h))
                .Select(h => KeyValuePair.Create(h, response.Headers[h].ToString()))
                .ToImmutableArray();
            await store.SaveAsync(new IdempotencyRecord(scope, key, hash, response.StatusCode, headers,
                [.. buffer.ToArray()], time.GetUtcNow()), CancellationToken.None);
        }
        response.ContentLength = buffer.Length;
        buffer.Position = 0;
        await buffer.CopyToAsync(original, context.RequestAborted);
    }

    private async Task ReplayOrRefuseAsync(HttpContext context, IdempotencyRecord first, ImmutableArray<byte> hash)
    {
        if (!first.RequestHash.AsSpan().SequenceEqual(hash.AsSpan()))
        {
            await WriteProblemAsync(context, new ProblemDetails
            {
                Status = StatusCodes.Status422UnprocessableEntity,
                Type = ProblemTypes.IdempotencyKeyReused,
                Title = "This Idempotency-Key was used for a different request.",
                Detail = "Send a new key for a new request; a retry must repeat the first request exactly.",
            });
            return;
        }
        var response = context.Response;
        response.StatusCode = first.StatusCode;
        foreach (var (name, value) in first.Headers)
            response.Headers[name] = value;
        response.Headers[ReplayedHeaderName] = "true";
        response.ContentLength = first.Body.Length;
        await response.Body.WriteAsync(first.Body.AsMemory(), context.RequestAborted);
    }

    private async Task WriteProblemAsync(HttpContext context, ProblemDetails problem)
    {
        context.Response.StatusCode = problem.Status!.Value;
        await problems.WriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem });
    }

    private static async Task<ImmutableArray<byte>> HashRequestAsync(HttpRequest request)
    {
        request.EnableBuffering();
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(System.Text.Encoding.UTF8.GetBytes($"{request.QueryString}\n"));
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, request.HttpContext.RequestAborted)) > 0)
            hash.AppendData(chunk, 0, read);
        request.Body.Position = 0;
        return [.. hash.GetHashAndReset()];
    }

    private static string Caller(HttpContext context) =>
        context.User.Identity is { IsAuthenticated: true, Name: { Length: > 0 } name } ? name : "anonymous";

    private static bool IsStateChanging(string method) =>
        HttpMethods.IsPost(method) || HttpMethods.IsPut(method) || HttpMethods.IsPatch(method) || HttpMethods.IsDelete(method);

    private static bool IsValidKey(string key) =>
        key.Length is > 0 and <= MaxKeyLength && key.All(c => c is >= '!' and <= '~');
}
