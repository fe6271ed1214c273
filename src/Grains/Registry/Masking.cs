namespace Mobilize.Grains.Registry;

/// <summary>Shows enough of a phone or ID number to recognise it, not enough to misuse it (个人信息保护).</summary>
public static class Masking
{
    /// <summary><c>13812345678</c> → <c>138****5678</c>.</summary>
    public static string Phone(string phone) =>
        phone.Length < 8 ? new string('*', phone.Length) : string.Concat(phone.AsSpan(0, 3), "****", phone.AsSpan(phone.Length - 4));

    /// <summary>First 6 (the region), <c>********</c>, last 4; the birth date is the part worth hiding.</summary>
    public static string IdNumber(string idNumber) =>
        idNumber.Length < 11 ? new string('*', idNumber.Length) : string.Concat(idNumber.AsSpan(0, 6), "********", idNumber.AsSpan(idNumber.Length - 4));
}
