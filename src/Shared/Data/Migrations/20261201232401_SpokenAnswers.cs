using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace InterviewPlatform.Shared.Data.Migrations
{
    /// <inheritdoc />
    public partial class SpokenAnswers : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "answer_recordings",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    answer_id = table.Column<Guid>(type: "uuid", nullable: false),
                    interview_id = table.Column<Guid>(type: "uuid", nullable: false),
                    ordinal = table.Column<int>(type: "integer", nullable: false),
                    content_type = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    audio = table.Column<byte[]>(type: "bytea", nullable: false),
                    length = table.Column<int>(type: "integer", nullable: false),
                    duration_ms = table.Column<int>(type: "integer", nullable: false),
                    transcript_status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    transcript_provider = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    transcript_model = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    transcript_confidence = table.Column<double>(type: "double precision", nullable: true),
                    transcribed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    transcript_job_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    recorded_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_answer_recordings", x => x.id);
                    table.ForeignKey(
                        name: "fk_answer_recordings_interviews_interview_id",
                        column: x => x.interview_id,
                        principalTable: "interviews",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_answer_recordings_answer_id",
                table: "answer_recordings",
                column: "answer_id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_answer_recordings_interview_id_ordinal",
                table: "answer_recordings",
                columns: new[] { "interview_id", "ordinal" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_answer_recordings_pending",
                table: "answer_recordings",
                column: "recorded_at",
                filter: "transcript_status = 'pending'");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "answer_recordings");
        }
    }
}
