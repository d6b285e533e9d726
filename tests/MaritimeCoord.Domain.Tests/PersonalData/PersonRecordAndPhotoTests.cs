using MaritimeCoord.Domain.PersonalData;

namespace MaritimeCoord.Domain.Tests.PersonalData;

public sealed class PersonRecordAndPhotoTests
{
    [Fact]
    public void A_record_with_any_one_field_is_valid() =>
        Assert.Empty(PersonRecordValidation.Validate(new PersonRecord(null, "IDN", null, null)));

    [Fact]
    public void An_empty_record_is_refused_as_a_whole() =>
        Assert.Equal(["body"], PersonRecordValidation.Validate(new PersonRecord(null, null, null, null)).Keys);

    [Theory]
    [InlineData("idn")]
    [InlineData("ID")]
    [InlineData("Indonesia")]
    [InlineData("'; DROP TABLE x;--")]
    public void Nationality_is_an_alpha3_code(string nationality) =>
        Assert.Equal(["nationality"], PersonRecordValidation.Validate(new PersonRecord("A", nationality, 3, null)).Keys);

    [Theory]
    [InlineData(-1)]
    [InlineData(121)]
    public void Age_is_within_bounds(int age) =>
        Assert.Equal(["age"], PersonRecordValidation.Validate(new PersonRecord("A", null, age, null)).Keys);

    [Fact]
    public void Long_fields_are_refused()
    {
        Assert.Equal(["name"], PersonRecordValidation.Validate(new PersonRecord(new string('a', 201), null, null, null)).Keys);
        Assert.Equal(["medicalNotes"], PersonRecordValidation.Validate(new PersonRecord(null, null, null, new string('a', 2001))).Keys);
    }

    [Fact]
    public void Photos_are_recognised_by_their_bytes()
    {
        Assert.Equal(PhotoFormat.Jpeg, PhotoFormat.Sniff([0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10]));
        Assert.Equal(PhotoFormat.Png, PhotoFormat.Sniff([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0]));
        Assert.Equal(PhotoFormat.Webp, PhotoFormat.Sniff("RIFF\x10\0\0\0WEBPVP8 "u8));
        Assert.Null(PhotoFormat.Sniff("<svg onload=alert(1)>"u8));
        Assert.Null(PhotoFormat.Sniff("GIF89a"u8));
        Assert.Null(PhotoFormat.Sniff([0xFF, 0xD8]));
        Assert.Null(PhotoFormat.Sniff([]));
    }

    [Fact]
    public void Purposes_round_trip_through_their_wire_names()
    {
        foreach (var purpose in Enum.GetValues<PersonalDataPurpose>())
        {
            Assert.True(PersonalDataPurposes.TryParse(purpose.WireName(), out var parsed));
            Assert.Equal(purpose, parsed);
        }
        Assert.False(PersonalDataPurposes.TryParse(null, out _));
        Assert.False(PersonalDataPurposes.TryParse("MedicalCare", out _));
    }
}
