using System.Collections;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Mobilize.Silo.Hosting;

/// <summary>Logs never hold a secret or personal data. The project's own lines name no token, phone or ID number, but
/// lines it does not write can: ASP.NET Core's request lines carry the URL with its query (<c>access_token=</c> of a
/// hub connection, an unmasked view's <c>reason=</c>), an enrolment code sits in its redemption's path, an exception's
/// message can quote the value it refused, Orleans can describe a grain call. So every logger provider the host
/// registered is wrapped: each message, each structured value, each scope and each exception text is passed through
/// <see cref="Redact"/> before any provider (console, journald, a collector) sees it.</summary>
public static partial class LogRedaction
{
    public const string Token = "[token]";
    public const string Redacted = "[redacted]";

    /// <summary>Call after every logger provider is registered (the host builders add theirs first). Provider-specific
    /// filter rules (<c>Logging:Console:LogLevel</c>) no longer apply, since every provider is now this wrapper;
    /// the general rules (<c>Logging:LogLevel</c>) do.</summary>
    public static ILoggingBuilder AddLogRedaction(this ILoggingBuilder logging)
    {
        var services = logging.Services;
        for (var i = 0; i < services.Count; i++)
        {
            var descriptor = services[i];
            if (descriptor.ServiceType != typeof(ILoggerProvider) || descriptor.IsKeyedService) continue;
            services[i] = ServiceDescriptor.Singleton<ILoggerProvider>(sp => new RedactingLoggerProvider(Create(sp, descriptor)));
        }
        return logging;
    }

    private static ILoggerProvider Create(IServiceProvider services, ServiceDescriptor descriptor) =>
        (ILoggerProvider)(descriptor.ImplementationInstance
            ?? descriptor.ImplementationFactory?.Invoke(services)
            ?? ActivatorUtilities.CreateInstance(services, descriptor.ImplementationType!));

    /// <summary>The text with bearer tokens, secret or free-text query values (and those fields, names, phones, ID and
    /// policy numbers quoted as JSON), enrolment codes, mobile phone numbers and ID numbers taken out (phones and ID
    /// numbers masked as the API masks them).</summary>
    public static string Redact(string text)
    {
        if (string.IsNullOrEmpty(text)) return text;
        text = Jwt().Replace(text, Token);
        text = SecretParameter().Replace(text, m => m.Groups["name"].Value + "=" + Redacted);
        text = PersonalJsonValue().Replace(text, m => m.Groups["key"].Value + "\"" + Redacted + "\"");
        text = EnrolmentCode().Replace(text, Redacted);
        text = IdNumber().Replace(text, m => string.Concat(m.ValueSpan[..6], "********", m.ValueSpan[^4..]));
        text = Phone().Replace(text, m => string.Concat(m.ValueSpan[..3], "****", m.ValueSpan[^4..]));
        return text;
    }

    // Three base64url segments, the first a JSON header: every JWT, whoever signed it.
    [GeneratedRegex(@"eyJ[A-Za-z0-9_\-]+\.[A-Za-z0-9_\-]+\.[A-Za-z0-9_\-]*")]
    private static partial Regex Jwt();

    // Query or fragment values that are secrets (tokens, codes) or free text a person typed (an unmasked view's reason).
    [GeneratedRegex(@"(?<=[?&#;])(?<name>access_token|id_token|token|code|reason)=[^&#\s""']*", RegexOptions.IgnoreCase)]
    private static partial Regex SecretParameter();

    // The same fields quoted as JSON (a body a library or an exception echoes), and the person's own data.
    [GeneratedRegex(@"(?<key>""(?:access_token|token|code|reason|realName|phone|idNumber|policyNumber)""\s*:\s*)""(?:[^""\\]|\\.)*""", RegexOptions.IgnoreCase)]
    private static partial Regex PersonalJsonValue();

    // POST /api/enrolments/{code}/redemption: the code is the volunteer's sign-in until it is redeemed.
    [GeneratedRegex(@"(?<=/enrolments/)[^/?#\s""']+(?=/redemption)", RegexOptions.IgnoreCase)]
    private static partial Regex EnrolmentCode();

    // A resident ID number (18 characters, the last a digit or X), not part of a longer run of digits or letters.
    [GeneratedRegex(@"(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])")]
    private static partial Regex IdNumber();

    // A mainland mobile number, alone or after +86, not part of a longer run of digits.
    [GeneratedRegex(@"(?<=(?:^|[^0-9])(?:\+?86)?)1[3-9]\d{9}(?![0-9])")]
    private static partial Regex Phone();

    private sealed class RedactingLoggerProvider(ILoggerProvider inner) : ILoggerProvider, ISupportExternalScope
    {
        public ILogger CreateLogger(string categoryName) => new RedactingLogger(inner.CreateLogger(categoryName));

        public void SetScopeProvider(IExternalScopeProvider scopeProvider)
        {
            if (inner is ISupportExternalScope scoped) scoped.SetScopeProvider(new RedactingScopes(scopeProvider));
        }

        public void Dispose() => inner.Dispose();
    }

    private sealed class RedactingLogger(ILogger inner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => inner.BeginScope(RedactedValues.Of(state));

        public bool IsEnabled(LogLevel logLevel) => inner.IsEnabled(logLevel);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!inner.IsEnabled(logLevel)) return;
            var message = Redact(formatter(state, exception));
            inner.Log(logLevel, eventId, new RedactedValues(message, Values(state)), exception is null ? null : RedactedException.Of(exception),
                static (s, _) => s.ToString());
        }

        private static IReadOnlyList<KeyValuePair<string, object?>> Values<TState>(TState state) =>
            state is IEnumerable<KeyValuePair<string, object?>> pairs ? RedactedValues.Pairs(pairs) : [];
    }

    private sealed class RedactingScopes(IExternalScopeProvider inner) : IExternalScopeProvider
    {
        public void ForEachScope<TState>(Action<object?, TState> callback, TState state) =>
            inner.ForEachScope((scope, s) => callback(scope is null ? null : RedactedValues.Of(scope), s), state);

        public IDisposable Push(object? state) => inner.Push(state);
    }

    /// <summary>A log state or scope as providers read it: its text redacted, its structured values redacted as text
    /// (a value that is not a number, a date or a bool is written as its redacted string).</summary>
    private sealed class RedactedValues(string text, IReadOnlyList<KeyValuePair<string, object?>> values) : IReadOnlyList<KeyValuePair<string, object?>>
    {
        public static object Of(object state) => state is IEnumerable<KeyValuePair<string, object?>> pairs
            ? new RedactedValues(Redact(state.ToString() ?? ""), Pairs(pairs))
            : Redact(state.ToString() ?? "");

        public static IReadOnlyList<KeyValuePair<string, object?>> Pairs(IEnumerable<KeyValuePair<string, object?>> pairs) =>
            [.. pairs.Select(p => new KeyValuePair<string, object?>(p.Key, p.Key == "{OriginalFormat}" ? p.Value : Value(p.Value)))];

        private static object? Value(object? value) => value switch
        {
            null or bool or int or long or double or float or decimal or short or byte or uint or ulong or DateTime or DateTimeOffset or TimeSpan or Guid => value,
            string s => Redact(s),
            IEnumerable<KeyValuePair<string, object?>> nested => Pairs(nested),
            _ => Redact(value.ToString() ?? ""),
        };

        public KeyValuePair<string, object?> this[int index] => values[index];

        public int Count => values.Count;

        public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() => values.GetEnumerator();

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

        public override string ToString() => text;
    }

    /// <summary>An exception as providers print it, when its text held something to take out; otherwise the original.</summary>
    private sealed class RedactedException(string message, string text) : Exception(message)
    {
        public static Exception Of(Exception exception)
        {
            var text = exception.ToString();
            var redacted = Redact(text);
            return redacted == text ? exception : new RedactedException(Redact(exception.Message), redacted);
        }

        public override string ToString() => text;
    }
}
