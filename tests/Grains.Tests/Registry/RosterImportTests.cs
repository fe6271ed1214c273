using Mobilize.Grains.Registry;

namespace Mobilize.Grains.Tests.Registry;

public sealed class RosterImportTests
{
    [Fact]
    public void every_repeat_after_the_first_names_the_line_it_repeats_and_blank_values_are_no_repeat()
    {
        var problems = RosterImport.Repeats([(2, "v-1"), (3, "v-2"), (4, " v-1 "), (5, ""), (6, null), (7, ""), (8, "v-1")], "id");
        Assert.Equal([new ImportProblem(4, "id", "repeats line 2"), new ImportProblem(8, "id", "repeats line 2")], problems.ToArray());
    }

    [Theory]
    [InlineData("phone", "phone")]
    [InlineData("certifications[2].expires", "certifications")]
    [InlineData("skills[0]", "skills")]
    [InlineData("insurance.validTo", "insuranceValidTo")]
    [InlineData("insurance.policyNumber", "insurancePolicyNumber")]
    [InlineData("baseLocation.longitude", "longitude")]
    [InlineData("baseLocation", "latitude")]
    public void a_registry_field_error_lands_in_the_csv_column_it_came_from(string field, string column) =>
        Assert.Equal(column, RosterImport.ColumnOf(field));
}
