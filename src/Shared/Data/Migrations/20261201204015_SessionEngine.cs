using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace InterviewPlatform.Shared.Data.Migrations
{
    /// <inheritdoc />
    public partial class SessionEngine : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "evaluation_enqueued_at",
                table: "interviews",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "lease_epoch",
                table: "interviews",
                type: "bigint",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.CreateIndex(
                name: "ix_interviews_awaiting_evaluation",
                table: "interviews",
                column: "completed_at",
                filter: "status = 'completed' AND evaluation_enqueued_at IS NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_interviews_awaiting_evaluation",
                table: "interviews");

            migrationBuilder.DropColumn(
                name: "evaluation_enqueued_at",
                table: "interviews");

            migrationBuilder.DropColumn(
                name: "lease_epoch",
                table: "interviews");
        }
    }
}
